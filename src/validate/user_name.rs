//! ## What it does
//! Checks that every container owner's name is a POSIX user name: `[a-z_][a-z0-9_-]{0,31}`.
//! ## Why is this bad?
//! The name becomes a Linux account, a directory in the generated tree and part
//! of a 1Password item name; anything else breaks one of them.
//! ## Example
//! `users.users."Coal Miner" = { … };` → use `users.users.coal = { … };`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub fn is_posix_user_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'_'))
        && s.len() <= 32
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    // Only owners become accounts of devbox-gen's tree; NixOS checks the others.
    for user in spec.users.values().filter(|u| u.is_owner()) {
        if !is_posix_user_name(&user.name.value) {
            diags.push(super::invalid(
                "spec::user-name",
                format!("`{}` is not a valid user name", user.name.value),
                user.name.span,
                "not a POSIX user name",
                "user names are 1–32 characters of `a-z`, `0-9`, `_`, `-`, starting with a letter or `_`",
            ));
        }
    }
}
