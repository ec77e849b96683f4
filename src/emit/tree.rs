//! The generated tree in memory: relative paths, contents and modes.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};

use super::EmitError;
use super::manifest::{self, Manifest};
use crate::parallel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileMode {
    Regular,
    Executable,
}

impl FileMode {
    pub(super) fn bits(self) -> u32 {
        match self {
            FileMode::Regular => 0o644,
            FileMode::Executable => 0o755,
        }
    }

    /// Does a file on disk with permission `bits` have this mode? Only the executable
    /// bit counts: it is all of the mode git records, so a checkout under umask 002
    /// (0664) or a copy in the Nix store (0444/0555) of a committed tree is up to date.
    pub(super) fn matches(self, bits: u32) -> bool {
        (bits & 0o111 != 0) == (self == FileMode::Executable)
    }
}

/// A path in the generated tree, relative to its root. Sorted as `Utf8Path`
/// sorts (component by component) for the plain relative paths a tree holds
/// (no `.`, `..` or empty components; see [`stays_inside`]), but with one
/// pass over the bytes in which `/` sorts below every other byte: comparing
/// `Utf8Path`s parses both into components first, which made ordering the
/// tree's map a tenth of a render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TreePath(Utf8PathBuf);

impl TreePath {
    pub fn as_path(&self) -> &Utf8Path {
        &self.0
    }
}

impl<P: Into<Utf8PathBuf>> From<P> for TreePath {
    fn from(path: P) -> Self {
        TreePath(path.into())
    }
}

impl std::ops::Deref for TreePath {
    type Target = Utf8Path;
    fn deref(&self) -> &Utf8Path {
        &self.0
    }
}

impl Ord for TreePath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.0.as_str().as_bytes(), other.0.as_str().as_bytes());
        let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
        match (a.get(same), b.get(same)) {
            (Some(&x), Some(&y)) => rank(x).cmp(&rank(y)),
            _ => a.len().cmp(&b.len()),
        }
    }
}

impl PartialOrd for TreePath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The generated tree in memory: relative path → contents. Sorted, so every
/// consumer (writer, checker, snapshots) sees the same order.
#[derive(Debug, Default, Clone)]
pub struct OutputTree {
    files: BTreeMap<TreePath, (String, FileMode)>,
}

impl OutputTree {
    pub fn new(files: BTreeMap<TreePath, (String, FileMode)>) -> Self {
        OutputTree { files }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Utf8Path, &str, FileMode)> {
        self.files
            .iter()
            .map(|(p, (c, m))| (p.as_path(), c.as_str(), *m))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(super) fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(&TreePath::from(rel))
    }

    /// The whole tree as one text: `=== path ===` blocks (snapshots, debugging).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (path, contents, mode) in self.iter() {
            let exec = if mode == FileMode::Executable {
                " (executable)"
            } else {
                ""
            };
            out.push_str(&format!("=== {path}{exec} ===\n{contents}"));
            if !contents.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }

    /// The manifest that describes this tree.
    pub(super) fn manifest(&self) -> Manifest {
        let entries: Vec<_> = self.files.iter().collect();
        let digests = parallel::map(&entries, |(_, (c, _))| manifest::sha256_hex(c.as_bytes()));
        Manifest::new(
            entries
                .iter()
                .map(|(p, _)| p.to_string())
                .zip(digests)
                .collect(),
        )
    }

    /// Refuses a tree with a path that would leave the output directory, or
    /// that names the manifest.
    pub(super) fn guard(&self) -> Result<(), EmitError> {
        let bad: Vec<Utf8PathBuf> = self
            .files
            .keys()
            .filter(|p| !stays_inside(p.as_str()) || p.as_str() == manifest::MANIFEST)
            .map(|p| p.as_path().to_owned())
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(EmitError::OutsideOut(bad))
        }
    }
}

/// Whether a relative tree path stays inside the output directory: not
/// empty, not absolute, every component a plain name (no `..`, `.`, empty
/// component) and no NUL. The last line of defence behind validation, which
/// rejects every name that could make such a path.
pub fn stays_inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// `rel` split into its directory (`""` for the root) and its file name.
pub(super) fn split(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}
