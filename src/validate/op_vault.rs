//! ## What it does
//! Checks 1Password vault names (global and per user): non-empty, no `/`, no
//! control characters.
//! ## Why is this bad?
//! The vault is a path component of `op://<vault>/<user>-tailscale-authkey/password`;
//! a `/` would point at another item.
//! ## Example
//! `onePassword.vault = "Dev/Box";` → `onePassword.vault = "DevBox";`

use crate::diagnostics::Diagnostics;
use crate::model::{Spanned, Spec};

fn check_one(vault: &Spanned<String>, diags: &mut Diagnostics) {
    let v = &vault.value;
    if v.trim().is_empty() || v.contains('/') || super::has_control(v) {
        diags.push(super::invalid(
            "spec::op-vault",
            format!(
                "`{}` is not a usable 1Password vault name",
                v.escape_debug()
            ),
            vault.span,
            "used as `op://<vault>/…`",
            "a vault name must be non-empty and contain no `/` or control characters",
        ));
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    check_one(&spec.op_vault, diags);
    for user in spec.users.values() {
        if let Some(v) = &user.devbox.op_vault {
            check_one(v, diags);
        }
    }
}
