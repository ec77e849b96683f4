//! ## What it does
//! Checks each image: its name (`[a-z][a-z0-9-]*`), OCI tag, `maxLayers` in
//! 2–125, package attribute paths, and its user (POSIX name, uid 1–65535 — 0
//! would run the dev container as root —, absolute home).
//! ## Why is this bad?
//! The name and tag form the image reference `localhost/devbox-<image>:<tag>`;
//! nixpkgs asserts `maxLayers > 1` and runtimes cap layers near 125.
//! ## Example
//! `maxLayers = 200;` → `maxLayers = 100;`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;
use crate::syntax::names::is_attr_path;

use super::user_name::is_posix_user_name;

/// OCI distribution spec tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
fn is_oci_tag(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphanumeric() || b == b'_')
        && s.len() <= 128
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for image in spec.images.values() {
        let name = &image.name;
        if !super::is_simple_name(&name.value) {
            diags.push(super::invalid(
                "spec::image-name",
                format!("`{}` is not a valid image name", name.value.escape_debug()),
                name.span,
                "expected `[a-z][a-z0-9-]*`, at most 63 characters",
                "the image is referenced as `localhost/devbox-<image>:<tag>`",
            ));
        }
        if !is_oci_tag(&image.tag.value) {
            diags.push(super::invalid(
                "spec::image-tag",
                format!(
                    "`{}` is not a valid image tag",
                    image.tag.value.escape_debug()
                ),
                image.tag.span,
                "expected `[A-Za-z0-9_][A-Za-z0-9._-]*`, at most 128 characters",
                "",
            ));
        }
        if !(2..=125).contains(&image.max_layers.value) {
            diags.push(super::invalid(
                "spec::max-layers",
                format!("maxLayers {} is out of range", image.max_layers.value),
                image.max_layers.span,
                "expected 2–125",
                "nixpkgs requires more than one layer and container runtimes cap layers near 125",
            ));
        }
        for pkg in &image.packages {
            if !is_attr_path(&pkg.value.0) {
                diags.push(super::invalid(
                    "spec::package",
                    format!(
                        "`{}` is not a nixpkgs attribute path",
                        pkg.value.0.escape_debug()
                    ),
                    pkg.span,
                    "expected e.g. `ripgrep` or `python3Packages.ipython`",
                    "",
                ));
            }
        }
        let user = &image.user;
        if !is_posix_user_name(&user.name.value) {
            diags.push(super::invalid(
                "spec::image-user",
                format!(
                    "`{}` is not a valid user name for the image",
                    user.name.value.escape_debug()
                ),
                user.name.span,
                "not a POSIX user name",
                "",
            ));
        }
        if user.name.value == "root" {
            diags.push(super::invalid(
                "spec::image-user",
                "the image user must not be `root`".to_owned(),
                user.name.span,
                "root",
                "the dev container runs as this user; pick an ordinary name such as `dev`",
            ));
        }
        if !(1..=65535).contains(&user.uid.value) {
            diags.push(super::invalid(
                "spec::image-user",
                format!("image user uid {} is out of range", user.uid.value),
                user.uid.span,
                "expected 1–65535",
                "uid 0 would run the dev container as root; rootless podman maps up to 65535 ids",
            ));
        }
        let home = &user.home.value;
        if !is_clean_abs_path(home) {
            diags.push(super::invalid(
                "spec::image-user",
                format!(
                    "image user home `{}` is not a clean absolute path",
                    home.escape_debug()
                ),
                user.home.span,
                "expected e.g. `/home/dev`",
                "no `..`, `:`, whitespace or control characters: it is a volume mount point",
            ));
        } else if let Some(dir) = system_dir(home) {
            diags.push(super::invalid(
                "spec::image-user",
                format!("image user home `{home}` is in the system directory `{dir}`"),
                user.home.span,
                "a system directory",
                "the home volume is mounted there and would hide the image's own files; use e.g. `/home/dev`",
            ));
        }
    }
}

/// Directories of the image's system: a home volume mounted at or below one
/// hides what the image put there (`/etc/passwd`, `/nix/store`, …).
const SYSTEM_DIRS: &[&str] = &[
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/nix", "/proc", "/root", "/run", "/sbin",
    "/sys", "/tmp", "/usr", "/var",
];

/// The system directory `home` is, or lies in.
fn system_dir(home: &str) -> Option<&'static str> {
    SYSTEM_DIRS.iter().copied().find(|d| {
        home == *d
            || home
                .strip_prefix(d)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Absolute, normalised, and safe as a mount point in `Volume=SRC:DEST:OPTS`.
pub fn is_clean_abs_path(p: &str) -> bool {
    p.starts_with('/')
        && p.len() > 1
        && !p.ends_with('/')
        && !p.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, ':' | '%' | '$' | '\\' | '"' | '\'')
        })
        && p.split('/')
            .skip(1)
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_paths() {
        assert!(is_oci_tag("latest"));
        assert!(is_oci_tag("2025.11-rc_1"));
        assert!(!is_oci_tag("-x"));
        assert!(!is_oci_tag("a b"));
        assert!(is_clean_abs_path("/home/dev"));
        assert!(!is_clean_abs_path("/home/../etc"));
        assert!(!is_clean_abs_path("home/dev"));
        assert!(!is_clean_abs_path("/home/dev:rw"));
        assert_eq!(system_dir("/etc"), Some("/etc"));
        assert_eq!(system_dir("/nix/store/x"), Some("/nix"));
        assert_eq!(system_dir("/etcetera"), None);
        assert_eq!(system_dir("/home/dev"), None);
        assert!(is_attr_path("python3Packages.ipython"));
        assert!(!is_attr_path("foo..bar"));
        assert!(!is_attr_path("rm -rf"));
    }
}
