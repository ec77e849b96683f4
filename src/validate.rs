//! Validation: one rule per file (statix style), each with a fixed doc header.
//! Every rule sees the whole decoded spec and reports all it finds.

mod cleanup_cadence;
mod container_image;
mod container_name;
mod container_owner;
mod darwin_bindings;
mod darwin_defaults;
mod darwin_gaps;
mod darwin_host;
mod darwin_packages;
mod darwin_user;
mod darwin_window_rules;
mod darwin_workspaces;
pub mod devices;
mod durations;
mod env_vars;
mod extra_hosts;
mod hostnames;
mod image_fields;
mod mounts;
mod on_calendar;
mod op_vault;
mod owner_secrets;
mod plain_ssh_keys;
mod podman_version;
mod ports;
mod resources;
mod server_capacity;
mod servers;
mod ssh_keys;
mod syncthing_folder;
mod tailscale_reach;
mod tailscale_share;
mod tailscale_share_reach;
mod tailscale_tags;
mod undecided_users;
mod user_name;
mod user_shell;
mod user_uid;
mod volumes;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;
use crate::source::Span;

use crate::secrets::looks_like_secret;
pub use on_calendar::{check_calendar, is_calendar};
pub use owner_secrets::{SECRETS_DIR, TAILSCALE_KEY_FILE};

type Rule = fn(&Spec, &mut Diagnostics);

const RULES: &[Rule] = &[
    user_name::check,
    user_uid::check,
    user_shell::check,
    ssh_keys::check,
    op_vault::check,
    owner_secrets::check,
    image_fields::check,
    container_name::check,
    container_owner::check,
    servers::check,
    undecided_users::check,
    container_image::check,
    hostnames::check,
    tailscale_tags::check,
    tailscale_reach::check,
    tailscale_share::check,
    tailscale_share_reach::check,
    plain_ssh_keys::check,
    syncthing_folder::check,
    resources::check,
    server_capacity::check,
    durations::check,
    ports::check,
    env_vars::check,
    mounts::check,
    volumes::check,
    devices::check,
    extra_hosts::check,
    podman_version::check,
    on_calendar::check,
    cleanup_cadence::check,
    darwin_host::check,
    darwin_user::check,
    darwin_packages::check,
    darwin_defaults::check,
    darwin_workspaces::check,
    darwin_gaps::check,
    darwin_bindings::check,
    darwin_window_rules::check,
];

pub fn validate(spec: &Spec, diags: &mut Diagnostics) {
    for rule in RULES {
        rule(spec, diags);
    }
}

/// The common shape of a rule's report: one place, one label, one hint.
fn invalid(code: &'static str, message: String, span: Span, label: &str, help: &str) -> Diagnostic {
    let d = Diagnostic::error(code, message).with_label(span, label);
    if help.is_empty() {
        d
    } else {
        d.with_help(help)
    }
}

/// A DNS label as Tailscale and systemd accept host names: 1–63 of
/// `[A-Za-z0-9-]`, no leading or trailing `-`.
fn is_dns_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// `[a-z][a-z0-9-]{0,62}`: container and image names (they become unit, volume
/// and image names, so nothing else may pass).
fn is_simple_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && s.len() <= 63
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Control characters break every target format (unit files, shell, TOML).
fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}
