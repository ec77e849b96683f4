//! The generated tree as the writer sees it: its manifest, and the guard
//! against paths that would leave the output directory.

use camino::Utf8PathBuf;

use super::EmitError;
use super::manifest::{self, Manifest};
use crate::parallel;

// The tree's types belong to rendering, which builds it; emitting adds what
// writing and checking need.
pub use crate::render::tree::{FileMode, OutputTree, TreePath};

impl OutputTree {
    pub(super) fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(&TreePath::from(rel))
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
