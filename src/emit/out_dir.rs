//! Where `--out` really is, and the output directories refused outright.

use camino::{Utf8Component, Utf8Path, Utf8PathBuf};

use crate::diagnostics::Diagnostic;

/// Refuses output directories that would overwrite the spec or the system.
/// Both are compared as the file system resolves them: `L/..` with `L` a
/// symlink is the parent of `L`'s target, not the directory holding `L`.
pub fn check_out_dir(spec: &Utf8Path, out: &Utf8Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "cli::out-dir",
            format!("refusing to write to `{out}`: {why}"),
        )
        .with_help("choose a directory outside the spec directory, e.g. `--out ./generated`"))
    };
    let out_real = resolve(out);
    if out_real.as_str() == "/" {
        return refuse("it is the root directory");
    }
    if out_real.starts_with(resolve(spec)) {
        return refuse("it is inside the spec directory");
    }
    Ok(())
}

/// `p` made absolute and resolved as the kernel would resolve it: each
/// existing component through its symlinks, so that a later `..` climbs
/// from the real directory; the components that do not exist yet are taken
/// as written (`..` among them removes the one before).
pub fn resolve(p: &Utf8Path) -> Utf8PathBuf {
    let base = std::env::current_dir()
        .ok()
        .and_then(|d| Utf8PathBuf::from_path_buf(d).ok())
        .unwrap_or_else(|| Utf8PathBuf::from("/"));
    let mut real = Utf8PathBuf::from("/");
    // How many trailing components of `real` do not exist.
    let mut missing = 0usize;
    for c in base.join(p).components() {
        match c {
            Utf8Component::ParentDir => {
                real.pop();
                missing = missing.saturating_sub(1);
            }
            Utf8Component::Normal(name) => {
                real.push(name);
                if missing > 0 {
                    missing += 1;
                } else {
                    match real.canonicalize_utf8() {
                        Ok(r) => real = r,
                        Err(_) => missing = 1,
                    }
                }
            }
            Utf8Component::RootDir | Utf8Component::Prefix(_) | Utf8Component::CurDir => {}
        }
    }
    real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotdot_after_a_symlink_climbs_from_its_target() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let root = root.canonicalize_utf8().expect("canonical");
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::create_dir(root.join("c")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("a/b"), root.join("c/link")).expect("symlink");
        assert_eq!(resolve(&root.join("c/link/..")), root.join("a"));
        assert_eq!(resolve(&root.join("c/link/new/../x")), root.join("a/b/x"));
        assert_eq!(resolve(&root.join("c/new/more/../..")), root.join("c"));
        assert_eq!(resolve(Utf8Path::new("/..")), Utf8PathBuf::from("/"));
    }
}
