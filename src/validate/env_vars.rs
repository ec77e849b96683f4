//! ## What it does
//! Checks environment variables of images and containers: names are
//! `[A-Za-z_][A-Za-z0-9_]*` and not `DEVBOX_*` (reserved for the entrypoint's
//! settings), values hold no NUL, and a container's variables fit in the one
//! `ExecStart=` line quadlet writes them into. (A secret in a value is reported
//! where every string of the spec is decoded: `Decoder::secret_check`.)
//! ## Why is this bad?
//! Values land in unit files and image configs, which are world-readable in the
//! Nix store; a secret there is published. Other names cannot be exported by a shell.
//! systemd refuses a unit file line longer than `LONG_LINE_MAX` (1 MiB,
//! `src/basic/fileio.h`): the container's service would not load.
//! ## Example
//! `env.TS_AUTHKEY = "tskey-…";` → remove it: the auth key comes from 1Password.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::{Spanned, Spec};

fn is_env_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Names the generated units set for the entrypoint; a user value would be shadowed.
const RESERVED_PREFIX: &str = "DEVBOX_";

fn check_env(env: &BTreeMap<String, Spanned<String>>, owner: &str, diags: &mut Diagnostics) {
    for (name, value) in env {
        if name.starts_with(RESERVED_PREFIX) {
            diags.push(super::invalid(
                "spec::env-name",
                format!("`{name}` (in {owner}) uses the reserved prefix `{RESERVED_PREFIX}`"),
                value.span,
                "set by devbox-gen for the entrypoint",
                "devbox-gen sets `DEVBOX_*` variables itself from the container's fields; pick another name",
            ));
        }
        if !is_env_name(name) {
            diags.push(super::invalid(
                "spec::env-name",
                format!(
                    "`{}` is not a valid environment variable name (in {owner})",
                    name.escape_debug()
                ),
                value.span,
                "the value of this variable",
                "names are letters, digits and `_`, not starting with a digit",
            ));
        }
        // Secret values are reported where every string is decoded (model/decode.rs).
        if value.value.contains('\0') {
            diags.push(super::invalid(
                "spec::env-value",
                format!("`{name}` (in {owner}) contains a NUL byte"),
                value.span,
                "NUL cannot be passed in an environment",
                "",
            ));
        }
    }
}

/// systemd's `LONG_LINE_MAX`: the longest line of a unit file it reads.
pub const LINE_MAX: usize = 1024 * 1024;
/// What the rest of the generated `ExecStart=` takes at most (podman's path and
/// flags, the image, volume, secret, ports and the entrypoint's `DEVBOX_*`
/// variables): generous, so a spec that passes always loads.
const EXEC_START_RESERVE: usize = 64 * 1024;

/// Quadlet turns each `Environment=` word into `--env "K=V"` on `ExecStart=`.
fn exec_start_bytes(env: &BTreeMap<String, Spanned<String>>) -> usize {
    env.iter()
        .map(|(k, v)| quoted_len(k) + quoted_len(&v.value) + "\"=\"".len() + " --env ".len())
        .sum()
}

/// The length of `s` in a double-quoted Quadlet word as the renderer writes it
/// (C escapes for quotes, backslashes and control characters, `%%` and `$$`
/// for systemd's expansions): an upper bound, kept here so that validation
/// does not depend on the renderer.
fn quoted_len(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\t' | '\r' | '%' | '$' => 2,
            c if c.is_ascii_control() => 4,
            c => c.len_utf8(),
        })
        .sum()
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for image in spec.images.values() {
        check_env(&image.env, &format!("image `{}`", image.name.value), diags);
    }
    for c in spec.containers.values() {
        check_env(&c.env, &format!("container `{}`", c.name.value), diags);
        let bytes = exec_start_bytes(&c.env);
        if bytes > LINE_MAX - EXEC_START_RESERVE
            && let Some((name, longest)) = c.env.iter().max_by_key(|(_, v)| v.value.len())
        {
            diags.push(super::invalid(
                "spec::env-value",
                format!(
                    "the environment of container `{}` does not fit in a systemd unit line",
                    c.name.value
                ),
                longest.span,
                &format!("`{name}`, the longest of {} variables", c.env.len()),
                &format!(
                    "quadlet writes every variable into the service's `ExecStart=` line ({bytes} bytes here); \
                     systemd reads lines of at most {LINE_MAX} bytes, and devbox-gen keeps {EXEC_START_RESERVE} for the rest; \
                     put large data in a file instead"
                ),
            ));
        }
    }
}
