//! ## What it does
//! Checks each container's `mounts`: one source each (`volume`, `hostPath` or
//! `tmpfs`); a target that is a clean absolute path, not the root, not over
//! (or holding) a directory the container needs (`/nix`, `/run/secrets`,
//! `/proc`, `/sys`, `/dev`, `/etc`, `/usr`, …) and not the home volume's root
//! or a directory above it; no two mounts on one target; a `hostPath` inside
//! the owner's host root `/var/lib/devbox/<owner>` without `..`; a `volume`
//! defined under `volumes`; a tmpfs size `<n>[KMGT]` within the container's
//! memory; `readOnly` not on a tmpfs.
//! ## Why is this bad?
//! A mount over `/nix` hides the image's programs, one over `/run/secrets`
//! the Tailscale auth key, one over `/proc`, `/sys` or `/dev` breaks the
//! container; a mount over the home's root hides the home volume. Podman
//! refuses two mounts on one target and a target with `:` or `,` (its option
//! separators); a host path anywhere else would let a spec hand a container
//! any file of the host. A tmpfs is charged to the container's memory: one
//! larger than `resources.memory` can never be filled.
//! ## Example
//! `{ target = "/nix/cache"; volume = "cache"; }` →
//! `{ target = "/home/dev/.cache/nix"; volume = "cache"; }`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Container, Mount, Spec, host_root};

/// Directories a mount may neither cover nor sit inside.
const RESERVED: &[&str] = &[
    "/nix",
    "/run/secrets",
    "/proc",
    "/sys",
    "/dev",
    "/etc",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
];

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let home = c
            .image
            .as_ref()
            .and_then(|i| spec.images.get(&i.value))
            .map(|i| i.user.home.value.as_str());
        let mut targets: BTreeMap<&str, &Mount> = BTreeMap::new();
        for m in &c.mounts {
            source(c, m, diags);
            if let Err((label, help)) = target(&m.target.value, home) {
                diags.push(super::invalid(
                    "spec::mount-target",
                    format!(
                        "container `{}` cannot mount on `{}`",
                        c.name.value,
                        m.target.value.escape_debug()
                    ),
                    m.target.span,
                    &label,
                    &help,
                ));
            } else if let Some(first) = targets.insert(m.target.value.as_str(), m) {
                diags.push(
                    Diagnostic::error(
                        "spec::mount-clash",
                        format!(
                            "container `{}` mounts two things on `{}`",
                            c.name.value, m.target.value
                        ),
                    )
                    .with_label(first.target.span, "first mounted here")
                    .with_label(m.target.span, "and again here")
                    .with_help("podman refuses two mounts on one target: keep one"),
                );
            }
            if let Some(h) = &m.host_path
                && let Err(label) = host_path(&h.value, &c.owner.value)
            {
                diags.push(super::invalid(
                    "spec::host-path",
                    format!(
                        "`hostPath` `{}` of container `{}` is not under {}",
                        h.value.escape_debug(),
                        c.name.value,
                        host_root(&c.owner.value)
                    ),
                    h.span,
                    label,
                    &format!(
                        "a container mounts only directories under its owner's {} (made by the NixOS module, owned by {}); write a path relative to it, e.g. `datasets/imagenet`",
                        host_root(&c.owner.value),
                        c.owner.value
                    ),
                ));
            }
            if let Some(v) = &m.volume
                && !spec.volumes.contains_key(&v.value)
            {
                let names: Vec<&str> = spec.volumes.keys().map(String::as_str).collect();
                diags.push(super::invalid(
                    "spec::unknown-volume",
                    format!(
                        "container `{}` mounts volume `{}`, which is not defined",
                        c.name.value, v.value
                    ),
                    v.span,
                    "not a name of `volumes`",
                    &crate::model::guess_or(
                        &v.value,
                        names.iter().copied(),
                        format!(
                            "define it: `volumes.{} = {{ }};` in containers.nix",
                            v.value
                        ),
                    ),
                ));
            }
            if let Some(size) = &m.tmpfs {
                tmpfs_size(c, size, diags);
            }
        }
    }
}

/// Exactly one source; `readOnly` only where something could be written.
fn source(c: &Container, m: &Mount, diags: &mut Diagnostics) {
    let n = [m.volume.is_some(), m.host_path.is_some(), m.tmpfs.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    let problem = match n {
        0 => Some(("no source", "set one of `volume`, `hostPath`, `tmpfs`")),
        1 if m.tmpfs.is_some() && m.read_only => Some((
            "a read-only tmpfs",
            "a tmpfs starts empty: a read-only one holds nothing; drop `readOnly`",
        )),
        1 => None,
        _ => Some((
            "more than one source",
            "a mount has one source: `volume`, `hostPath` or `tmpfs`",
        )),
    };
    if let Some((label, help)) = problem {
        diags.push(super::invalid(
            "spec::mount-source",
            format!(
                "a mount of container `{}` on `{}` has {label}",
                c.name.value,
                m.target.value.escape_debug()
            ),
            m.span,
            label,
            help,
        ));
    }
}

/// Whether `a` is `b` or a directory inside it.
fn within(a: &str, b: &str) -> bool {
    a == b || (a.starts_with(b) && a.as_bytes().get(b.len()) == Some(&b'/'))
}

/// A clean absolute path: `/a/b`, no empty, `.` or `..` component, no
/// trailing `/`, each component of `[A-Za-z0-9._@+-]` (podman splits
/// `Volume=` at `:` and its options at `,`).
fn clean_absolute(p: &str) -> Result<(), &'static str> {
    let Some(rest) = p.strip_prefix('/') else {
        return Err("not an absolute path");
    };
    if rest.is_empty() {
        return Ok(());
    }
    for part in rest.split('/') {
        match part {
            "" => return Err("an empty component (`//` or a trailing `/`)"),
            "." | ".." => return Err("a `.` or `..` component"),
            _ if !part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._@+-".contains(&b)) =>
            {
                return Err("a character other than letters, digits and `._@+-`");
            }
            _ => {}
        }
    }
    Ok(())
}

/// `Err((label, help))` when nothing may be mounted on `t`.
fn target(t: &str, home: Option<&str>) -> Result<(), (String, String)> {
    clean_absolute(t).map_err(|why| {
        (
            why.to_owned(),
            "a target is a clean absolute path such as `/home/dev/.cargo`".to_owned(),
        )
    })?;
    if t == "/" {
        return Err((
            "the container's root".into(),
            "mount on a directory of its own, e.g. under the home".into(),
        ));
    }
    for r in RESERVED {
        if within(t, r) || within(r, t) {
            return Err((
                format!("over `{r}`"),
                format!(
                    "the container needs its own `{r}` (the image's files, the auth key, the kernel's file systems); mount elsewhere, e.g. under the home"
                ),
            ));
        }
    }
    if let Some(h) = home
        && within(h, t)
    {
        return Err((
            format!("over the home volume's root `{h}`"),
            format!(
                "the home `{h}` is the container's own volume; mount inside it (`{h}/…`) or elsewhere"
            ),
        ));
    }
    Ok(())
}

/// `Err(label)` when `p` (relative to, or absolute inside, the owner's host
/// root) does not stay in that root.
fn host_path(p: &str, owner: &str) -> Result<(), &'static str> {
    if p.is_empty() {
        return Err("an empty path");
    }
    let root = host_root(owner);
    let rel = if p.starts_with('/') {
        match p.strip_prefix(root.as_str()) {
            Some("") => return Ok(()),
            Some(r) if r.starts_with('/') => r.to_owned(),
            _ => return Err("outside the owner's host root"),
        }
    } else {
        format!("/{p}")
    };
    if rel.split('/').any(|c| c == "..") {
        return Err("`..` leaves the owner's host root");
    }
    clean_absolute(&rel)
}

fn tmpfs_size(
    c: &Container,
    size: &crate::model::Spanned<crate::model::Memory>,
    diags: &mut Diagnostics,
) {
    let Some(bytes) = size.value.bytes else {
        diags.push(super::invalid(
            "spec::tmpfs-size",
            format!("`{}` is not a tmpfs size", size.value.text.escape_debug()),
            size.span,
            "expected `<n>[KMGT]`, not zero, e.g. `512M` or `2G`",
            &super::resources::memory_hint(&size.value.text),
        ));
        return;
    };
    if let Some(limit) = c.resources.memory.value.bytes
        && bytes > limit
    {
        diags.push(super::invalid(
            "spec::tmpfs-size",
            format!(
                "a tmpfs of {} in container `{}` is larger than its memory ({})",
                size.value.text, c.name.value, c.resources.memory.value.text
            ),
            size.span,
            "larger than `resources.memory`",
            "a tmpfs lives in the container's memory, which `MemoryMax=` bounds: it could never be filled; make it smaller or raise `resources.memory`",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let home = Some("/home/dev");
        assert!(target("/home/dev/.cargo", home).is_ok());
        assert!(target("/data", home).is_ok());
        assert!(target("/srv/nix-cache", home).is_ok());
        for bad in [
            "/",
            "/nix",
            "/nix/store",
            "/run",
            "/run/secrets/x",
            "/proc",
            "/home",
            "/home/dev",
            "/data/",
            "data",
            "/a//b",
            "/a/../nix",
            "/a:b",
            "/a,ro",
            "/a b",
        ] {
            assert!(target(bad, home).is_err(), "{bad}");
        }
    }

    #[test]
    fn host_paths() {
        for ok in [
            "data",
            "data/imagenet",
            "/var/lib/devbox/alice",
            "/var/lib/devbox/alice/data",
        ] {
            assert_eq!(host_path(ok, "alice"), Ok(()), "{ok}");
        }
        for bad in [
            "/var/lib/devbox/bob/data",
            "/var/lib/devbox/alice2",
            "/etc",
            "../bob",
            "data/../../bob",
            "/var/lib/devbox/alice/../bob",
            "data//x",
            "",
        ] {
            assert!(host_path(bad, "alice").is_err(), "{bad}");
        }
    }
}
