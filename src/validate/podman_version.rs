//! ## What it does
//! Checks that a server's `podman` is one devbox-gen writes units for (5.0 to
//! 5.4), and that every Quadlet key a container's features need is known to
//! the podman its units are written for (the target: its server's `podman`,
//! else `--podman-version`, else 5.0).
//! ## Why is this bad?
//! quadlet refuses a key of its own section that its release does not know
//! ("unsupported key"): it generates no service for that unit, and the
//! container is missing after the host's next boot, with the reason only in
//! the generator's log. A target above 5.4 is refused: the tests run podman
//! 5.4's quadlet, and a newer one would be an untested promise.
//! ## Example
//! `extraHosts` (Quadlet's `AddHost=`, podman 5.3) with the default target 5.0:
//! raise the target with `--podman-version 5.3` on a host with podman >= 5.3.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::podman::{KeySince, key_since};
use crate::model::{Container, PodmanTarget, PodmanVersion, Spec};
use crate::source::Span;

/// The spec fields that add a key to the `.container` unit only when set, with
/// the key: `(field, section, key, where the field is set)`. The keys every
/// unit carries are checked against the oldest target by the test suite.
fn feature_keys(c: &Container) -> Vec<(&'static str, &'static str, &'static str, Span)> {
    let mut out = Vec::new();
    if let Some(span) = c.extra_hosts_span.filter(|_| !c.extra_hosts.is_empty()) {
        out.push(("extraHosts", "Container", "AddHost", span));
    }
    if let Some(first) = c.ports.first() {
        out.push(("ports", "Container", "PublishPort", first.span));
    }
    if let Some(first) = c.env.values().next() {
        out.push(("env", "Container", "Environment", first.span));
    }
    out
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for s in spec.servers.values() {
        if let PodmanTarget::Server { version, span, .. } = spec.podman_target_of(&s.name.value)
            && let Some(why) = version.refusal()
        {
            diags.push(super::invalid(
                "spec::podman-unsupported",
                format!("server `{}`: {why}", s.name.value),
                span,
                &format!(
                    "expected {} to {}",
                    PodmanVersion::OLDEST,
                    PodmanVersion::NEWEST
                ),
                "the units are tested with podman 5.4's quadlet; on a newer podman write `5.4` (podman keeps every older Quadlet key)",
            ));
        }
    }
    for c in spec.containers.values() {
        let target = spec.podman_target(c);
        let version = target.version();
        for (field, section, key, span) in feature_keys(c) {
            let needs = match key_since(section, key) {
                KeySince::Release(v) if v <= version => continue,
                KeySince::Release(v) => format!("podman {v}, which added Quadlet's `{key}=`"),
                KeySince::Unreleased | KeySince::Unknown => {
                    format!("Quadlet's `{key}=`, which no podman release has")
                }
            };
            let mut d = Diagnostic::error(
                    "spec::podman-too-old",
                    format!(
                        "`{field}` of container `{}` needs {needs}; the units are written for podman {version}",
                        c.name.value
                    ),
                )
                .with_label(span, format!("needs a newer podman than {version}"))
                .with_help(format!(
                    "the target is {}; on servers with a newer podman raise it (the server's `podman`, or `--podman-version`), else drop `{field}`",
                    target.origin()
                ));
            if let PodmanTarget::Server { span, .. } = &target {
                d = d.with_label(*span, "the target");
            }
            diags.push(d);
        }
    }
}
