//! ## What it does
//! Checks `servers.<name>`: the name (`[a-z][a-z0-9-]*`, at most 63), `podman`
//! as `MAJOR.MINOR[.PATCH]`, `memory` as `<n>[KMGT]`, `cpus` above zero, each
//! of `gpus` a CDI device name (`vendor.com/class=name`), and that every
//! container's `server` is one of them.
//! ## Why is this bad?
//! A server's name becomes a directory of the tree and a `nixosModules`
//! attribute; a container on a server that does not exist would be installed
//! nowhere. Podman resolves `--device vendor/class=name` through CDI
//! (`tags.cncf.io/container-device-interface`'s `parser.ParseQualifiedName`):
//! another form is not a device.
//! ## Example
//! `server = "bulid";` → `server = "build";`

use crate::diagnostics::{Diagnostic, Diagnostics, guess_or};
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for s in spec.servers.values() {
        if !super::is_simple_name(&s.name.value) {
            diags.push(super::invalid(
                "spec::server-name",
                format!(
                    "`{}` is not a valid server name",
                    s.name.value.escape_debug()
                ),
                s.name.span,
                "expected 1–63 of lowercase letters, digits or `-`, starting with a letter",
                "the name becomes a directory of the tree and a `nixosModules` attribute",
            ));
        }
        if let Some(p) = &s.podman
            && p.value.parts.is_none()
        {
            diags.push(super::invalid(
                "spec::podman-version",
                format!("`{}` is not a Podman version", p.value.text.escape_debug()),
                p.span,
                "expected `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, e.g. `5.4`",
                "write the version as `podman --version` prints it, without a `v` or suffix",
            ));
        }
        if let Some(m) = &s.memory
            && m.value.bytes.is_none()
        {
            diags.push(super::invalid(
                "spec::memory",
                format!("`{}` is not a memory size", m.value.text.escape_debug()),
                m.span,
                "expected `<n>[KMGT]`, e.g. `64G`",
                "",
            ));
        }
        if let Some(c) = &s.cpus {
            let n = c.value.as_f64();
            if n.is_nan() || n <= 0.0 {
                diags.push(super::invalid(
                    "spec::cpus",
                    format!("`cpus` of server `{}` must be above zero", s.name.value),
                    c.span,
                    "expected a number of CPUs, e.g. 16",
                    "",
                ));
            }
        }
        for g in &s.gpus {
            if !is_cdi_name(&g.value) {
                diags.push(super::invalid(
                    "spec::gpu",
                    format!("`{}` is not a CDI device name", g.value.escape_debug()),
                    g.span,
                    "expected `vendor.com/class=name`",
                    "e.g. `nvidia.com/gpu=0` or `nvidia.com/gpu=all` (`nvidia-ctk cdi list` lists them)",
                ));
            }
        }
    }
    let names: Vec<&str> = spec.servers.keys().map(String::as_str).collect();
    for c in spec.containers.values() {
        let s = &c.server;
        // The placeholder of a container that names no server, or a server
        // whose definition failed to evaluate: both already reported.
        if spec.servers.contains_key(&s.value)
            || s.value.is_empty()
            || spec.server_is_broken(&s.value)
        {
            continue;
        }
        let d = Diagnostic::error(
            "spec::unknown-server",
            format!(
                "container `{}` is on server `{}`, which is not declared",
                c.name.value,
                s.value.escape_debug()
            ),
        )
        .with_label(s.span, "not a server of `servers`");
        let help = if spec.servers_implicit() {
            "declare it in containers.nix: `servers.<name> = { };`".to_owned()
        } else {
            guess_or(
                &s.value,
                names.iter().copied(),
                format!("declared servers: {}", names.join(", ")),
            )
        };
        diags.push(d.with_help(help));
    }
}

/// A CDI qualified device name, `vendor/class=name`: vendor and class of
/// letters, digits, `_`, `-` (the vendor also `.`, and both start and end
/// alphanumeric); the name alphanumeric at both ends with `_ . : -` inside.
fn is_cdi_name(s: &str) -> bool {
    let Some((kind, name)) = s.split_once('=') else {
        return false;
    };
    let Some((vendor, class)) = kind.split_once('/') else {
        return false;
    };
    let ends_ok = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphanumeric())
            && p.ends_with(|c: char| c.is_ascii_alphanumeric())
    };
    let all = |p: &str, extra: &[char]| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    ends_ok(vendor)
        && all(vendor, &['_', '-', '.'])
        && ends_ok(class)
        && all(class, &['_', '-'])
        && ends_ok(name)
        && all(name, &['_', '.', ':', '-'])
}

#[cfg(test)]
mod tests {
    use super::is_cdi_name;

    #[test]
    fn cdi_names() {
        for good in [
            "nvidia.com/gpu=0",
            "nvidia.com/gpu=all",
            "amd.com/gpu=GPU-1a:2",
            "a/b=c",
        ] {
            assert!(is_cdi_name(good), "{good}");
        }
        for bad in [
            "nvidia.com/gpu",
            "gpu=0",
            "nvidia.com/gpu=",
            "/gpu=0",
            "nvidia.com/g.pu=0",
            "nvidia.com/gpu=-0",
            "nvidia.com/gpu=0 1",
            "nvidia.com./gpu=0",
        ] {
            assert!(!is_cdi_name(bad), "{bad}");
        }
    }
}
