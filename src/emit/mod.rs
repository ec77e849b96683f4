//! Emitting the tree. `write` changes only what differs (mtimes of the rest are
//! kept), never touches a file it did not generate, prunes what an earlier
//! render generated, nobody changed since and the spec no longer needs, and
//! is all-or-nothing: every new file is first written beside its target, and
//! only when all of them are written are they renamed into place. Every file
//! operation goes through directory handles that refuse symlinks
//! ([`handle`]). An exclusive lock on the output directory serialises
//! concurrent renders. `check` compares without writing.
//!
//! - [`tree`]: the tree in memory;
//! - [`manifest`]: what devbox-gen owns in the output directory;
//! - [`out_dir`]: where `--out` really is, and which directories are refused;
//! - [`handle`]: the output directory through handles that refuse symlinks;
//! - [`writing`] and [`check`]: `render` and `render --check`.

use std::fmt;
use std::io;

use camino::{Utf8Path, Utf8PathBuf};

mod check;
mod handle;
mod manifest;
mod out_dir;
mod tree;
mod writing;

pub use check::{CheckReport, StaleFile, check, check_prefetched};
pub use manifest::MANIFEST;
pub use out_dir::{check_out_dir, resolve};
pub use tree::{FileMode, OutputTree, TreePath, stays_inside};
pub use writing::{WriteSummary, write, write_prefetched};

use handle::{Found, Root, Survey};
use manifest::Manifest;

/// Why the tree could not be written or checked.
#[derive(Debug)]
pub enum EmitError {
    Io {
        path: Utf8PathBuf,
        source: io::Error,
    },
    /// Files in the way that devbox-gen did not generate.
    NotOurs(Vec<Utf8PathBuf>),
    BadManifest {
        path: Utf8PathBuf,
        reason: String,
    },
    /// Tree paths that would leave the output directory (absolute, `..`, NUL)
    /// or name the manifest: validation rejects every name that could make
    /// one, so this is a bug.
    OutsideOut(Vec<Utf8PathBuf>),
    /// A symlink where the writer needs a real directory or file.
    Symlink(Utf8PathBuf),
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Io { path, source } => write!(f, "{path}: {source}"),
            EmitError::NotOurs(paths) => {
                write!(
                    f,
                    "refusing to overwrite files devbox-gen did not generate:"
                )?;
                for p in paths {
                    write!(f, "\n  {p}")?;
                }
                write!(
                    f,
                    "\nmove them away (or render into another directory) and run again"
                )
            }
            EmitError::BadManifest { path, reason } => write!(
                f,
                "{path} is not a devbox-gen manifest ({reason}); without it devbox-gen cannot tell its files from yours"
            ),
            EmitError::OutsideOut(paths) => {
                write!(
                    f,
                    "internal error: paths that leave the output directory or name its manifest:"
                )?;
                for p in paths {
                    write!(f, "\n  {p:?}")?;
                }
                Ok(())
            }
            EmitError::Symlink(path) => write!(
                f,
                "{path} is a symbolic link: devbox-gen reads, writes and removes only real \
                 directories and files under the output directory and never follows a link \
                 out of it; replace the link by what it points to (or remove it) and run again"
            ),
        }
    }
}

/// The output directory as it was before this run, read ahead on a thread of
/// its own while the spec compiles (the compiler's front end uses one core),
/// under the lock that the later write or check needs, so nothing we honour
/// can change it in between.
pub struct Prefetch(Option<std::thread::JoinHandle<Snapshot>>);

#[derive(Default)]
struct Snapshot {
    /// The output directory, locked (exclusively when `true`) from the read
    /// until the write or check is done.
    root: Option<(Root, bool)>,
    /// `None` when nothing was read ahead.
    manifest: Option<Result<Option<Manifest>, EmitError>>,
    /// What the files the old manifest lists hold.
    survey: Survey,
}

impl Snapshot {
    /// The output directory under the lock kind asked for (`exclusive`): the one
    /// read ahead when it holds that kind; otherwise the read-ahead is dropped
    /// first, lock and all (flock on a second handle of the same directory would
    /// wait for it forever), and `open` opens it anew, locked here.
    fn take_root(
        &mut self,
        exclusive: bool,
        open: impl FnOnce() -> Result<Option<Root>, EmitError>,
    ) -> Result<Option<Root>, EmitError> {
        match self.root.take() {
            Some((root, kind)) if kind == exclusive => Ok(Some(root)),
            other => {
                drop(other);
                *self = Snapshot::default();
                let root = open()?;
                if let Some(root) = &root {
                    root.lock(exclusive)?;
                }
                Ok(root)
            }
        }
    }
}

impl Prefetch {
    /// Reads nothing ahead: `write` and `check` read when they run.
    pub fn none() -> Prefetch {
        Prefetch(None)
    }

    /// Starts reading `out` and the files its manifest lists; `exclusive` is
    /// the lock a write takes (a check takes a shared one).
    pub fn start(out: &Utf8Path, exclusive: bool) -> Prefetch {
        if !out.is_dir() {
            return Prefetch(None);
        }
        let out = out.to_owned();
        let reader = std::thread::Builder::new()
            .name("devbox-gen-prefetch".into())
            .spawn(move || read_ahead(&out, exclusive));
        Prefetch(reader.ok())
    }

    fn finish(self) -> Snapshot {
        self.0.and_then(|h| h.join().ok()).unwrap_or_default()
    }
}

fn read_ahead(out: &Utf8Path, exclusive: bool) -> Snapshot {
    // Whatever fails here is tried again, and reported, by the write or check.
    let Ok(Some(root)) = Root::open(out, None) else {
        return Snapshot::default();
    };
    if root.lock(exclusive).is_err() {
        return Snapshot::default();
    }
    let mut snapshot = Snapshot::default();
    let manifest = snapshot.manifest(&root);
    if let Ok(Some(m)) = &manifest {
        let paths: Vec<&str> = m.files.keys().map(String::as_str).collect();
        snapshot.survey.read(&root, &paths, false);
    }
    snapshot.manifest = Some(manifest);
    snapshot.root = Some((root, exclusive));
    snapshot
}

impl Snapshot {
    /// The previous render's manifest (`None` when there is none), read
    /// without following a symlink; the bytes stay in the survey.
    fn manifest(&mut self, root: &Root) -> Result<Option<Manifest>, EmitError> {
        if let Some(read) = self.manifest.take() {
            return read;
        }
        self.survey.read(root, &[MANIFEST], false);
        if let Some(e) = self.survey.error.take() {
            return Err(e);
        }
        match self.survey.get(MANIFEST) {
            Some(Ok(Found::File(bytes, _))) => {
                Manifest::parse(bytes, &root.path(MANIFEST)).map(Some)
            }
            Some(Ok(Found::NotAFile)) => Err(EmitError::BadManifest {
                path: root.path(MANIFEST),
                reason: "not a regular file".into(),
            }),
            Some(Err(_)) => match self.survey.take(MANIFEST) {
                Err(e) => Err(e),
                Ok(_) => Ok(None),
            },
            Some(Ok(Found::Missing)) | None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::fs;

    #[test]
    fn only_plain_relative_paths_stay_inside() {
        for ok in [
            "a",
            "users/coal/quadlet/x.container",
            ".devbox-gen.json",
            "a/..b/c..",
        ] {
            assert!(stays_inside(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "..",
            "../x",
            "a/../../x",
            "a/./b",
            "./a",
            "a//b",
            "a/",
            "a\0b",
        ] {
            assert!(!stays_inside(bad), "{bad:?}");
        }
    }

    fn tree_of(files: &[(&str, &str, FileMode)]) -> OutputTree {
        OutputTree::new(
            files
                .iter()
                .map(|(p, c, m)| (TreePath::from(*p), ((*c).to_owned(), *m)))
                .collect(),
        )
    }

    /// `TreePath` orders plain relative paths exactly as `Utf8Path` does.
    #[test]
    fn tree_paths_sort_as_paths_do() {
        let parts = ["a", "a-b", "a.b", "ab", "b", "A", "a0", "_", "é"];
        let mut paths: Vec<String> = Vec::new();
        for x in parts {
            paths.push(x.to_owned());
            for y in parts {
                paths.push(format!("{x}/{y}"));
                for z in ["a", "b-c", "~"] {
                    paths.push(format!("{x}/{y}/{z}"));
                }
            }
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    TreePath::from(a.as_str()).cmp(&TreePath::from(b.as_str())),
                    Utf8Path::new(a).cmp(Utf8Path::new(b)),
                    "{a} vs {b}"
                );
            }
        }
    }

    /// A read ahead under the other kind of lock is let go before the write
    /// or check takes its own (two handles of one directory: no deadlock).
    #[test]
    fn a_prefetch_under_the_other_lock_is_released_first() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Utf8Path::from_path(dir.path()).expect("utf8").join("out");
        let tree = tree_of(&[("a", "x\n", FileMode::Regular)]);
        write(&tree, &out).expect("first write");
        write_prefetched(&tree, &out, Prefetch::start(&out, false)).expect("write");
        assert!(
            check_prefetched(&tree, &out, Prefetch::start(&out, true))
                .expect("check")
                .is_clean()
        );
    }

    /// Reading ahead changes when the old tree is read, never what is found.
    #[test]
    fn prefetched_write_and_check_agree_with_plain_ones() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Utf8Path::from_path(dir.path()).expect("utf8").join("out");
        let first = tree_of(&[
            ("a/keep", "same\n", FileMode::Regular),
            ("a/edit", "old\n", FileMode::Regular),
            ("b/gone", "bye\n", FileMode::Regular),
            ("run", "#!/bin/sh\n", FileMode::Executable),
        ]);
        write_prefetched(&first, &out, Prefetch::start(&out, true)).expect("first write");
        let second = tree_of(&[
            ("a/keep", "same\n", FileMode::Regular),
            ("a/edit", "new\n", FileMode::Regular),
            ("c/new", "hi\n", FileMode::Regular),
            ("run", "#!/bin/sh\n", FileMode::Regular),
        ]);
        let plain = check(&second, &out).expect("check");
        let ahead = check_prefetched(&second, &out, Prefetch::start(&out, false)).expect("check");
        assert_eq!(format!("{plain:?}"), format!("{ahead:?}"));
        let paths = |v: &[StaleFile]| v.iter().map(|f| f.path.to_string()).collect::<Vec<_>>();
        // The manifest's differences are all explained by those reports.
        assert_eq!(paths(&ahead.stale), ["a/edit", "run"]);
        assert_eq!(ahead.missing, [Utf8PathBuf::from("c/new")]);
        assert_eq!(ahead.extra, [Utf8PathBuf::from("b/gone")]);

        let summary =
            write_prefetched(&second, &out, Prefetch::start(&out, true)).expect("second write");
        assert_eq!(
            (summary.written, summary.unchanged, summary.removed),
            (3, 1, 1)
        );
        assert!(
            check_prefetched(&second, &out, Prefetch::start(&out, false))
                .expect("check")
                .is_clean()
        );
        assert_eq!(
            fs::read_to_string(out.join("a/edit")).expect("edit"),
            "new\n"
        );
        assert!(!out.join("b").exists(), "pruned directory removed");
    }

    #[test]
    fn write_and_check_refuse_a_tree_that_leaves_out() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let out = root.join("out");
        for rel in ["../escaped", "/abs/escaped", "a/../../escaped"] {
            let tree = OutputTree::new(BTreeMap::from([(
                TreePath::from(rel),
                ("x".to_owned(), FileMode::Regular),
            )]));
            assert!(
                matches!(write(&tree, &out), Err(EmitError::OutsideOut(_))),
                "{rel}"
            );
            assert!(
                matches!(check(&tree, &out), Err(EmitError::OutsideOut(_))),
                "{rel}"
            );
        }
        assert!(!root.join("escaped").exists());
        assert!(!out.exists(), "nothing written, not even the directory");
    }

    #[test]
    fn a_manifest_naming_a_file_outside_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let out = root.join("out");
        fs::create_dir_all(&out).expect("out");
        let victim = root.join("victim");
        fs::write(&victim, "keep me").expect("victim");
        fs::write(
            out.join(MANIFEST),
            r#"{ "generator": "devbox-gen", "files": { "../victim": "00" } }"#,
        )
        .expect("manifest");
        let tree = OutputTree::new(BTreeMap::from([(
            TreePath::from("a"),
            ("x".to_owned(), FileMode::Regular),
        )]));
        assert!(matches!(
            write(&tree, &out),
            Err(EmitError::BadManifest { .. })
        ));
        assert_eq!(fs::read_to_string(&victim).ok().as_deref(), Some("keep me"));
    }
}
