//! ## What it does
//! Checks each owner's `devbox.secrets.<name>`: the name fits a podman secret
//! name, the reference is `op://<vault>/<item>/[<section>/]<field>`, each
//! container named is one of the owner's, a file lands under the image user's
//! home or `/run/secrets` with an octal mode, an environment variable is a
//! valid name that devbox does not set itself, and no two deliveries in one
//! container share a path or a variable.
//! ## Why is this bad?
//! `op read` refuses anything else as a reference, and the root unit would
//! fail at every boot. A secret for another owner's container would hand one
//! owner's credential to another. A file elsewhere would shadow the image's
//! own files, and a variable devbox sets (`DEVBOX_*`, Tailscale's `TS_*`,
//! `HOME`, …) would change how the entrypoint brings the container up.
//! ## Example
//! `reference = "Dev/GitHub/token";` → `reference = "op://Dev/GitHub/token";`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{OwnerSecret, SecretDelivery, Spec, User, guess_or};
use crate::source::Span;

/// Where a podman secret without a target is mounted (podman-secret-create(1)).
pub const SECRETS_DIR: &str = "/run/secrets";
/// The Tailscale auth key's file in every Tailscale container (the renderer's
/// `layout::AUTHKEY_TARGET` is this).
pub const TAILSCALE_KEY_FILE: &str = "/run/secrets/ts-authkey";

/// Variables the generated units, the entrypoint or podman set in every
/// container: a secret of that name would override or be overridden.
const RESERVED_ENV: &[&str] = &[
    "HOME",
    "PATH",
    "USER",
    "LOGNAME",
    "SHELL",
    "HOSTNAME",
    "TERM",
    "container",
    "ALL_PROXY",
    "STNODEFAULTFOLDER",
];
/// Prefixes of the same: the entrypoint's settings and tailscaled's own variables.
const RESERVED_ENV_PREFIXES: &[&str] = &["DEVBOX_", "TS_"];

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for user in spec.users.values().filter(|u| u.is_owner()) {
        // (container, file or variable) → where it was first delivered.
        let mut targets: BTreeMap<(&str, String), Span> = BTreeMap::new();
        for s in &user.devbox.secrets {
            check_name(user, s, diags);
            check_reference(user, s, diags);
            check_delivery_shape(user, s, diags);
            if s.containers.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "spec::secret-container",
                        format!(
                            "secret `{}` of `{}` goes to no container",
                            s.name.value, user.name.value
                        ),
                    )
                    .with_label(s.name.span, "this secret")
                    .with_help("name the containers that receive it: `containers = [ \"…\" ];`"),
                );
            }
            for c in &s.containers {
                let Some(container) = spec.containers.get(&c.value) else {
                    let own = spec
                        .containers
                        .values()
                        .filter(|k| k.owner.value == user.name.value)
                        .map(|k| k.name.value.as_str());
                    diags.push(
                        Diagnostic::error(
                            "spec::secret-container",
                            format!(
                                "secret `{}` of `{}` goes to `{}`, which containers.nix does not define",
                                s.name.value, user.name.value, c.value
                            ),
                        )
                        .with_label(c.span, "no such container")
                        .with_help(guess_or(
                            &c.value,
                            own,
                            "name one of the owner's containers",
                        )),
                    );
                    continue;
                };
                if container.owner.value != user.name.value {
                    diags.push(
                        Diagnostic::error(
                            "spec::secret-container",
                            format!(
                                "secret `{}` of `{}` goes to `{}`, a container of `{}`",
                                s.name.value,
                                user.name.value,
                                c.value,
                                container.owner.value
                            ),
                        )
                        .with_label(c.span, "another owner's container")
                        .with_label(container.owner.span, "its owner")
                        .with_help(
                            "an owner's secrets reach only their own containers; the other owner declares it under their own `devbox.secrets`",
                        ),
                    );
                    continue;
                }
                let home = container
                    .image
                    .as_ref()
                    .and_then(|i| spec.images.get(&i.value))
                    .map(|i| i.user.home.value.as_str());
                let target = match &s.delivery {
                    SecretDelivery::Podman => {
                        (format!("file {SECRETS_DIR}/{}", s.name.value), s.name.span)
                    }
                    SecretDelivery::File { path, .. } => {
                        if let Some(home) = home {
                            check_path(user, s, &path.value, path.span, home, diags);
                        }
                        (format!("file {}", path.value), path.span)
                    }
                    SecretDelivery::Env(name) => {
                        if container.env.contains_key(&name.value) {
                            diags.push(
                                Diagnostic::error(
                                    "spec::secret-duplicate",
                                    format!(
                                        "`{}` of container `{}` is set by its `env` and by secret `{}`",
                                        name.value, c.value, s.name.value
                                    ),
                                )
                                .with_label(name.span, "the secret's variable")
                                .with_label(container.env[&name.value].span, "the container's value")
                                .with_help("one of them would override the other: rename one"),
                            );
                        }
                        (format!("variable {}", name.value), name.span)
                    }
                };
                if let Some(first) = targets.insert((c.value.as_str(), target.0.clone()), target.1)
                {
                    diags.push(
                        Diagnostic::error(
                            "spec::secret-duplicate",
                            format!(
                                "two secrets of `{}` deliver the {} in container `{}`",
                                user.name.value, target.0, c.value
                            ),
                        )
                        .with_label(first, "first delivered here")
                        .with_label(target.1, "and again here")
                        .with_help("each secret needs its own path or variable in a container"),
                    );
                }
            }
        }
    }
}

/// A podman secret name (`devbox-secret-<name>`) and a file name in the key dir.
fn check_name(user: &User, s: &OwnerSecret, diags: &mut Diagnostics) {
    let name = &s.name.value;
    let mut bytes = name.bytes();
    let ok = matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && name.len() <= 64
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    // Mounted at /run/secrets/<name>, a podman secret named so would hide the Tailscale key.
    let taken = matches!(s.delivery, SecretDelivery::Podman)
        && format!("{SECRETS_DIR}/{name}") == TAILSCALE_KEY_FILE;
    if taken {
        diags.push(super::invalid(
            "spec::secret-name",
            format!(
                "`{name}` (a secret of `{}`) would be mounted over the Tailscale key",
                user.name.value
            ),
            s.name.span,
            "this secret",
            "podman mounts it at /run/secrets/ts-authkey, the Tailscale auth key's file: pick another name",
        ));
    }
    if !ok {
        diags.push(super::invalid(
            "spec::secret-name",
            format!(
                "`{}` (a secret of `{}`) is not a valid secret name",
                name.escape_debug(),
                user.name.value
            ),
            s.name.span,
            "this secret",
            "names are 1-64 letters, digits, `-` and `_`, starting with a letter (it names a podman secret and a file)",
        ));
    }
}

/// `op://<vault>/<item>/[<section>/]<field>`, as `op read` takes it.
fn check_reference(user: &User, s: &OwnerSecret, diags: &mut Diagnostics) {
    let r = &s.reference.value;
    let ok = r.strip_prefix("op://").is_some_and(|rest| {
        let parts: Vec<&str> = rest.split('/').collect();
        (3..=4).contains(&parts.len())
            && parts.iter().all(|p| {
                !p.is_empty() && *p != "." && *p != ".." && !p.chars().any(char::is_control)
            })
    });
    if !ok {
        diags.push(super::invalid(
            "spec::secret-reference",
            format!(
                "secret `{}` of `{}`: `{}` is not a 1Password reference",
                s.name.value,
                user.name.value,
                r.escape_debug()
            ),
            s.reference.span,
            "not `op://<vault>/<item>/<field>`",
            "write the secret reference as 1Password shows it (\"Copy Secret Reference\"): `op://<vault>/<item>/<field>` or `op://<vault>/<item>/<section>/<field>`",
        ));
    }
}

/// The parts of a delivery that do not depend on the container.
fn check_delivery_shape(user: &User, s: &OwnerSecret, diags: &mut Diagnostics) {
    match &s.delivery {
        SecretDelivery::Podman => {}
        SecretDelivery::Env(name) => {
            let n = name.value.as_str();
            let mut bytes = n.bytes();
            let valid = matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
                && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !valid {
                diags.push(super::invalid(
                    "spec::secret-env",
                    format!(
                        "secret `{}` of `{}`: `{}` is not a valid environment variable name",
                        s.name.value,
                        user.name.value,
                        n.escape_debug()
                    ),
                    name.span,
                    "this variable",
                    "names are letters, digits and `_`, not starting with a digit",
                ));
            } else if RESERVED_ENV.contains(&n)
                || RESERVED_ENV_PREFIXES.iter().any(|p| n.starts_with(p))
            {
                diags.push(super::invalid(
                    "spec::secret-env",
                    format!(
                        "secret `{}` of `{}`: `{n}` is set by devbox in every container",
                        s.name.value, user.name.value
                    ),
                    name.span,
                    "reserved by devbox",
                    "`DEVBOX_*`, `TS_*` (tailscaled), HOME, PATH, USER, LOGNAME, SHELL, HOSTNAME, TERM, container, ALL_PROXY and STNODEFAULTFOLDER are devbox's: pick another name",
                ));
            }
        }
        SecretDelivery::File { mode, owner, .. } => {
            let m = mode.value.as_str();
            if !(3..=4).contains(&m.len())
                || !m.bytes().all(|b| (b'0'..=b'7').contains(&b))
                || (m.len() == 4 && !m.starts_with('0'))
            {
                diags.push(super::invalid(
                    "spec::secret-path",
                    format!(
                        "secret `{}` of `{}`: `{}` is not a file mode",
                        s.name.value,
                        user.name.value,
                        m.escape_debug()
                    ),
                    mode.span,
                    "this mode",
                    "write the mode in octal as a string, as NixOS does: `\"0400\"`, `\"0440\"`",
                ));
            }
            if let Some(o) = owner
                && !(0..=65_535).contains(&o.value)
            {
                diags.push(super::invalid(
                    "spec::secret-path",
                    format!(
                        "secret `{}` of `{}`: uid {} is outside the container's uids",
                        s.name.value, user.name.value, o.value
                    ),
                    o.span,
                    "this owner",
                    "a rootless container maps uids 0-65535; leave `owner` unset for the image user",
                ));
            }
        }
    }
}

/// A file target: absolute, plain, strictly under the container's home or `/run/secrets`.
fn check_path(
    user: &User,
    s: &OwnerSecret,
    path: &str,
    span: Span,
    home: &str,
    diags: &mut Diagnostics,
) {
    let plain = path.starts_with('/')
        && !path.ends_with('/')
        && path[1..]
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
        && !path.chars().any(char::is_control)
        // Podman splits `Secret=` options at commas.
        && !path.contains(',');
    let under = |dir: &str| {
        path.strip_prefix(dir.trim_end_matches('/'))
            .is_some_and(|rest| rest.len() > 1 && rest.starts_with('/'))
    };
    let tailscale_key = path == TAILSCALE_KEY_FILE;
    if !plain || !(under(home) || under(SECRETS_DIR)) || tailscale_key {
        diags.push(super::invalid(
            "spec::secret-path",
            format!(
                "secret `{}` of `{}`: `{}` is not a file under {home} or {SECRETS_DIR}",
                s.name.value,
                user.name.value,
                path.escape_debug()
            ),
            span,
            "the file in the container",
            &format!(
                "a secret file goes under the image user's home ({home}/…) or {SECRETS_DIR}/… (not {}, the Tailscale key), as an absolute path without `.`, `..` or `,`",
                TAILSCALE_KEY_FILE
            ),
        ));
    }
}
