//! What validation guarantees, as the renderer reads it: one policy for every
//! lookup that relies on it. Rendering runs only on a spec without errors, so
//! a missing image, uid or malformed value here is devbox-gen's own bug:
//! `render::unvalidated` (exit 3), never a made-up default written into a unit.

use crate::diagnostics::Diagnostic;
use crate::model::{Container, Duration, Image, Mount, Spec, User};

fn bug(what: String) -> Diagnostic {
    Diagnostic::error(
        "render::unvalidated",
        format!("{what} (validation should have refused the spec)"),
    )
}

/// The image container `c` runs.
pub fn image_of<'s>(spec: &'s Spec, c: &Container) -> Result<&'s Image, Diagnostic> {
    spec.image_of(c)
        .ok_or_else(|| bug(format!("container `{}` has no image", c.name.value)))
}

/// The uid of user `owner`.
pub fn uid_of(spec: &Spec, owner: &str) -> Result<i64, Diagnostic> {
    spec.uid_of(owner)
        .ok_or_else(|| bug(format!("owner `{owner}` has no uid")))
}

/// The user who owns container `c`.
pub fn owner_of<'s>(spec: &'s Spec, c: &Container) -> Result<&'s User, Diagnostic> {
    spec.users.get(&c.owner.value).ok_or_else(|| {
        bug(format!(
            "container `{}` has no owner `{}`",
            c.name.value, c.owner.value
        ))
    })
}

/// How a mount of container `c` looks to podman: its `Volume=` source (a
/// named volume's `.volume` file or an absolute host directory), or `None`
/// for a tmpfs.
pub fn mount_source(c: &Container, m: &Mount) -> Option<String> {
    match (&m.volume, m.host_source(&c.owner.value)) {
        (Some(v), _) => Some(crate::render::layout::named_volume_file(&v.value)),
        (None, host) => host,
    }
}

/// Whether the source of mount `m` of `c` is mounted by another container
/// too: SELinux's shared label (`z`) then, else the private one (`Z`, which
/// would lock the other container out).
pub fn mount_is_shared(spec: &Spec, c: &Container, m: &Mount) -> bool {
    let Some(source) = mount_source(c, m) else {
        return false;
    };
    spec.containers.values().any(|o| {
        o.name.value != c.name.value
            && o.owner.value == c.owner.value
            && o.mounts
                .iter()
                .any(|om| mount_source(o, om).as_deref() == Some(&source))
    })
}

/// A tmpfs size in bytes.
pub fn tmpfs_bytes(m: &Mount) -> Result<Option<u64>, Diagnostic> {
    m.tmpfs
        .as_ref()
        .map(|t| {
            t.value
                .bytes
                .ok_or_else(|| bug(format!("tmpfs size `{}` is malformed", t.value.text)))
        })
        .transpose()
}

/// A duration's length in seconds.
pub fn seconds(d: &Duration) -> Result<u64, Diagnostic> {
    d.seconds
        .ok_or_else(|| bug(format!("`{}` is not a duration", d.text)))
}

#[cfg(test)]
mod tests {
    use camino::Utf8Path;

    use crate::pipeline;
    use crate::render::Renderer;

    /// Renders, past validation, the bad-specs base with `containers` as its
    /// containers.nix: the code of the renderer's error, if any.
    fn render_unvalidated(containers: &str) -> Result<(), String> {
        let root = Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs/base");
        let dir = tempfile::tempdir().expect("temp dir");
        let dir_path = Utf8Path::from_path(dir.path()).expect("utf8");
        std::fs::copy(root.join("users.nix"), dir_path.join("users.nix")).expect("copy");
        std::fs::write(dir_path.join("containers.nix"), containers).expect("write");
        let compiled = pipeline::check(dir_path);
        assert!(
            compiled.has_errors(),
            "the spec must be one validation refuses"
        );
        let spec = compiled.spec.expect("decoded");
        let renderer = Renderer::new(None).map_err(|d| d.code.to_owned())?;
        renderer
            .render_tree(&spec)
            .map(drop)
            .map_err(|d| format!("{}: {}", d.code, d.message))
    }

    #[test]
    fn what_validation_refuses_is_a_bug_in_the_renderer_never_a_default() {
        let missing_image =
            r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; image = "nope"; }; }"#;
        let bad_duration = r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; idle.stopAfter = "1 day"; }; }"#;
        let no_owner = r#"{ images.base = { }; containers.nobody-dev.owner = "nobody"; }"#;
        for (spec, expected) in [
            (missing_image, "container `coal-dev` has no image"),
            (bad_duration, "`1 day` is not a duration"),
            (no_owner, "container `nobody-dev` has no owner `nobody`"),
        ] {
            let err = render_unvalidated(spec).expect_err(spec);
            assert!(err.starts_with("render::unvalidated: "), "{err}");
            assert!(err.contains(expected), "{err}");
        }
    }
}
