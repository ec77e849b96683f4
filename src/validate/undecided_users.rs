//! ## What it does
//! Warns about users of users.nix whose entry or `devbox` settings depend on
//! what devbox-gen does not evaluate (`config.*`, a `mkIf` on `config`, a
//! `throw`), when no container names them: they are skipped.
//! ## Why is this bad?
//! If such a user was meant to own containers, they silently own none.
//! (A container that names one is an error of `container_owner`.)
//! ## Example
//! `users.users.gitea = lib.mkIf config.services.gitea.enable { … };`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for (name, u) in &spec.undecided_users {
        if spec.containers.values().any(|c| &c.owner.value == name) {
            continue;
        }
        let mut d = Diagnostic::warning(
            "spec::undecided-user",
            format!("user `{name}` is skipped: devbox-gen cannot tell whether they own containers"),
        )
        .with_label(u.name_span, "skipped");
        if u.at != u.name_span {
            d = d.with_label(u.at, u.why.clone());
        }
        diags.push(d.with_help(format!(
            "fine for a user without dev containers; otherwise write `users.users.{name}` and its `devbox` without `config`, `throw` or a `mkIf` on `config`"
        )));
    }
}
