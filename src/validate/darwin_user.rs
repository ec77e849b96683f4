//! ## What it does
//! Checks that each Mac's `user` is a user of users.nix. Only the name is
//! needed: users.nix is read beyond the name for container owners only.
//! ## Why is this bad?
//! The user becomes `system.primaryUser`, `users.users.<u>.home` and the
//! home-manager user; a typo gives a Mac config for nobody, and the SSH entries
//! for the user's containers come from users.nix and containers.nix.
//! ## Example
//! `user = "cole";` → `user = "coal";`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, guess_or};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        let user = &host.user;
        // Only the name is read: a user whose `devbox` is undecided still exists.
        if spec.users.contains_key(&user.value)
            || spec.undecided_users.contains_key(&user.value)
            || spec.user_is_broken(&user.value)
        {
            continue;
        }
        let mut d = Diagnostic::error(
            "spec::darwin-user",
            format!(
                "Mac `{}` is for `{}`, who is not in users.nix",
                host.name.value,
                user.value.escape_debug()
            ),
        )
        .with_label(user.span, "no such user");
        d = d.with_help(guess_or(
            &user.value,
            spec.users.keys().map(String::as_str),
            "add the person to users.nix as `users.users.<name>` (only the name is read)",
        ));
        diags.push(d);
    }
}
