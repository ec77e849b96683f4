//! ## What it does
//! Checks each `tailscale.share` entry: `ports` are 1–65535 or ascending ranges
//! `"a-b"`, none of devbox's own services in the container; `to` names users
//! of users.nix, `group:<name>` or `autogroup:member`; neither list is empty.
//! ## Why is this bad?
//! The tailnet policy snippet turns each entry into an ACL rule: a port past
//! 65535 or a backwards range is refused by Tailscale; `*` or a tag would open
//! the port to every device of the tailnet (and to nodes shared into it), not
//! to teammates; an unknown name is a typo that would grant nobody (or someone
//! else). Port 22 is the owner's SSH (Tailscale SSH rules decide who logs in,
//! not a port); Syncthing's GUI (8384) and code-server (8080) listen on the
//! container's loopback, which tailscaled forwards tailnet connections to:
//! sharing them hands over the owner's files and a shell.
//! ## Example
//! `to = [ "bobb" ];` → `to = [ "bob" ];`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Container, Share, Spec, guess_or};

/// The whole tailnet's members, by Tailscale's own name: sharing with
/// everyone has to be written out.
pub const MEMBERS: &str = "autogroup:member";

/// `group:` then letters, digits, `-`, `_` or `.`.
fn is_group(s: &str) -> bool {
    s.strip_prefix("group:").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    })
}

/// devbox's own services on the container's loopback, which a share must not
/// open: `(first port, last port, what)`.
fn reserved(spec: &Spec, c: &Container) -> Vec<(u16, u16, &'static str)> {
    let mut out = vec![(22, 22, "the owner's SSH")];
    if c.syncthing.enable {
        out.push((8384, 8384, "Syncthing's GUI"));
        out.push((22000, 22000, "Syncthing's sync port (the owner's alone)"));
    }
    if spec.image_of(c).is_some_and(|i| i.editors.code_server) {
        out.push((8080, 8080, "code-server"));
    }
    out
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        for share in &c.tailscale.share {
            check_ports(spec, c, share, diags);
            check_with(spec, c, share, diags);
        }
    }
}

fn check_ports(spec: &Spec, c: &Container, share: &Share, diags: &mut Diagnostics) {
    if share.ports_missing {
        diags.push(super::invalid(
            "spec::tailscale-share-port",
            format!("a share of container `{}` lists no port", c.name.value),
            share.span,
            "no `ports`",
            "list the ports to share: `ports = [ 3000 ];`",
        ));
    }
    let reserved = reserved(spec, c);
    for p in &share.ports {
        let Some((lo, hi)) = p.value.range() else {
            let shown = match &p.value {
                crate::model::SharePort::Int(n) => n.to_string(),
                crate::model::SharePort::Text(s) => format!("\"{}\"", s.escape_debug()),
            };
            diags.push(super::invalid(
                "spec::tailscale-share-port",
                format!("{shown} is not a port or port range to share"),
                p.span,
                "expected 1-65535 or \"first-last\"",
                "a port is 1–65535; a range is \"8000-8010\", first ≤ last",
            ));
            continue;
        };
        for (r_lo, r_hi, what) in &reserved {
            if lo <= *r_hi && *r_lo <= hi {
                diags.push(super::invalid(
                    "spec::tailscale-share-port",
                    format!(
                        "port {r_lo} of container `{}` is {what}: not shared",
                        c.name.value
                    ),
                    p.span,
                    "includes a port devbox uses",
                    "share the ports of your own services; the owner reaches devbox's through SSH",
                ));
            }
        }
    }
}

fn check_with(spec: &Spec, c: &Container, share: &Share, diags: &mut Diagnostics) {
    if share.to_missing {
        diags.push(super::invalid(
            "spec::tailscale-share-with",
            format!("a share of container `{}` names no one", c.name.value),
            share.span,
            "no `to`",
            "name the teammates: `to = [ \"bob\" \"group:design\" ];`",
        ));
    }
    let known = |n: &str| {
        spec.users.contains_key(n) || spec.undecided_users.contains_key(n) || spec.user_is_broken(n)
    };
    for w in &share.to {
        let v = w.value.as_str();
        if v == MEMBERS || is_group(v) || known(v) {
            continue;
        }
        let (label, help) = if v == "*" || v.starts_with("autogroup:") {
            (
                "not a set of teammates",
                format!(
                    "`{}` reaches more than the tailnet's people; to share with every member, write `{MEMBERS}`",
                    v.escape_debug()
                ),
            )
        } else if v.starts_with("tag:") {
            (
                "a tag is devices, not teammates",
                "share with users of users.nix or a `group:<name>` of the tailnet policy".into(),
            )
        } else if v.starts_with("group:") {
            (
                "not a group name",
                "groups look like `group:design`: letters, digits, `-`, `_`, `.`".into(),
            )
        } else if v.contains('@') {
            (
                "a login, not a user of users.nix",
                "name the teammate by their user name in users.nix; the snippet writes `<user>@example.com` for you to replace by their tailnet login".into(),
            )
        } else {
            (
                "not a user of users.nix",
                guess_or(
                    v,
                    spec.users.keys().map(String::as_str),
                    "share with users of users.nix, a `group:<name>` or `autogroup:member`",
                ),
            )
        };
        diags.push(
            Diagnostic::error(
                "spec::tailscale-share-with",
                format!(
                    "container `{}` is shared with `{}`, who is not a teammate devbox-gen knows",
                    c.name.value,
                    v.escape_debug()
                ),
            )
            .with_label(w.span, label)
            .with_help(help),
        );
    }
}
