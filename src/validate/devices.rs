//! ## What it does
//! Checks `devices` and `allowedDevices`. A container may ask for a GPU
//! through CDI, `nvidia.com/gpu=all` or one named device
//! (`nvidia.com/gpu=0`, `nvidia.com/gpu=GPU-<uuid>`), for `/dev/fuse`, or
//! for a device path that containers.nix lists in `allowedDevices`; any
//! other form is refused, with a guess.
//! ## Why is this bad?
//! A device path hands the container the host's device: only the ones the
//! spec's author allowed, by name, may pass. CDI names the GPUs that the
//! NVIDIA container toolkit describes (`/var/run/cdi`), which the NixOS module
//! enables only when a container asks for a GPU; a misspelt name reaches
//! podman only at the container's start, which then fails.
//! ## Example
//! `devices = [ "gpu" ];` → `devices = [ "nvidia.com/gpu=all" ];`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

/// The CDI kind of NVIDIA GPUs (the NVIDIA container toolkit's CDI spec).
pub const GPU_KIND: &str = "nvidia.com/gpu";
/// FUSE: rootless podman or sshfs inside the container.
pub const FUSE: &str = "/dev/fuse";

/// What a device entry asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Device<'a> {
    /// `nvidia.com/gpu=<name>`: `all`, an index or a UUID.
    Gpu(&'a str),
    /// A device path (`/dev/fuse`, or one of `allowedDevices`).
    Path(&'a str),
}

/// The form of a device entry, or `None` for an unknown one.
pub fn parse(s: &str) -> Option<Device<'_>> {
    if let Some(name) = s.strip_prefix(GPU_KIND).and_then(|r| r.strip_prefix('=')) {
        let ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
        return ok.then_some(Device::Gpu(name));
    }
    is_device_path(s).then_some(Device::Path(s))
}

/// `/dev/<name>[/<name>…]`: clean, of `[A-Za-z0-9._-]` components.
fn is_device_path(s: &str) -> bool {
    s.strip_prefix("/dev/").is_some_and(|rest| {
        rest.split('/').all(|c| {
            !c.is_empty()
                && c != "."
                && c != ".."
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        })
    })
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for a in &spec.allowed_devices {
        if !is_device_path(&a.value) {
            diags.push(super::invalid(
                "spec::device",
                format!(
                    "`{}` in `allowedDevices` is not a device path",
                    a.value.escape_debug()
                ),
                a.span,
                "expected `/dev/<name>`",
                "list device nodes such as `/dev/kvm`; GPUs go through CDI (`nvidia.com/gpu=all`)",
            ));
        }
    }
    let allowed: Vec<&str> = spec
        .allowed_devices
        .iter()
        .map(|a| a.value.as_str())
        .collect();
    let mut known = vec![FUSE.to_owned()];
    known.extend(allowed.iter().map(|a| (*a).to_owned()));
    for c in spec.containers.values() {
        for dev in &c.devices {
            match parse(&dev.value) {
                Some(Device::Gpu(name)) => gpu_on_server(spec, c, dev, name, diags),
                Some(Device::Path(p)) if p == FUSE || allowed.contains(&p) => {}
                Some(Device::Path(p)) => diags.push(super::invalid(
                    "spec::device",
                    format!(
                        "container `{}` asks for device `{p}`, which `allowedDevices` does not list",
                        c.name.value
                    ),
                    dev.span,
                    "not an allowed device",
                    &crate::model::guess_or(
                        p,
                        known.iter().map(String::as_str),
                        format!(
                            "a device path hands the container the host's device: list it in containers.nix, `allowedDevices = [ \"{p}\" ];`, if every container may have it"
                        ),
                    ),
                )),
                None => {
                    let forms = "expected `nvidia.com/gpu=all`, `nvidia.com/gpu=<index or UUID>`, `/dev/fuse` or a path of `allowedDevices`";
                    // Any GPU-looking word means the CDI form.
                    let help = if dev.value.to_ascii_lowercase().contains("gpu") {
                        format!("did you mean `{GPU_KIND}=all`? ({forms})")
                    } else {
                        crate::model::guess_or(&dev.value, known.iter().map(String::as_str), forms)
                    };
                    diags.push(super::invalid(
                        "spec::device",
                        format!(
                            "`{}` of container `{}` is not a device devbox-gen knows",
                            dev.value.escape_debug(),
                            c.name.value
                        ),
                        dev.span,
                        "unknown device form",
                        &help,
                    ));
                }
            }
        }
    }
}

/// A GPU request needs its server to offer GPUs (`servers.<s>.gpus`): all of
/// them for `=all` (at least one NVIDIA GPU), the very one for a named device.
fn gpu_on_server(
    spec: &Spec,
    c: &crate::model::Container,
    dev: &crate::model::Spanned<String>,
    name: &str,
    diags: &mut Diagnostics,
) {
    let written = dev.value.as_str();
    // An unknown server is reported by its own rule.
    let Some(server) = spec.servers.get(&c.server.value) else {
        return;
    };
    let offered: Vec<&str> = server
        .gpus
        .iter()
        .map(|g| g.value.as_str())
        .filter(|g| g.starts_with(GPU_KIND) && g.as_bytes().get(GPU_KIND.len()) == Some(&b'='))
        .collect();
    let declare = format!(
        "declare the server's GPUs: `servers.{}.gpus = [ \"{GPU_KIND}=0\" ];`",
        server.name.value
    );
    let problem = if offered.is_empty() {
        Some((
            format!(
                "container `{}` asks for a GPU, but its server `{}` declares no `gpus`",
                c.name.value, server.name.value
            ),
            declare,
        ))
    } else if name != "all" && !offered.contains(&written) {
        Some((
            format!(
                "container `{}` asks for `{written}`, which its server `{}` does not offer",
                c.name.value, server.name.value
            ),
            // GPU names differ by a digit: list them rather than guess.
            format!("the server offers: {}", offered.join(", ")),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        let mut d = crate::diagnostics::Diagnostic::error("spec::gpu-server", message)
            .with_label(dev.span, "a GPU request");
        if !server.implicit {
            d = d.with_label(server.name.span, "this server");
        }
        diags.push(d.with_help(help));
    }
}

/// Whether container `c` asks for a GPU.
pub fn wants_gpu(c: &crate::model::Container) -> bool {
    c.devices
        .iter()
        .any(|d| matches!(parse(&d.value), Some(Device::Gpu(_))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse("nvidia.com/gpu=all"), Some(Device::Gpu("all")));
        assert_eq!(parse("nvidia.com/gpu=0"), Some(Device::Gpu("0")));
        assert_eq!(parse("/dev/fuse"), Some(Device::Path("/dev/fuse")));
        assert_eq!(
            parse("/dev/dri/renderD128"),
            Some(Device::Path("/dev/dri/renderD128"))
        );
        for bad in [
            "gpu",
            "nvidia.com/gpu",
            "nvidia.com/gpu=",
            "nvidia.com/gpu=a b",
            "/dev/../etc/passwd",
            "/dev/",
            "/etc/passwd",
            "/dev/fuse:rw",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
