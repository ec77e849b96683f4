//! ## What it does
//! Checks that each container's owner is a user of users.nix with
//! `containers.enable = true`, and that no user owns more than `containers.max`.
//! ## Why is this bad?
//! A container runs under its owner's uid, from their Quadlet directory; an
//! unknown or disabled owner has none.
//! ## Example
//! `owner = "cole";` → `owner = "coal";`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, guess_or};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let mut owned: BTreeMap<&str, Vec<&crate::model::Container>> = BTreeMap::new();
    for c in spec.containers.values() {
        let owner = &c.owner;
        match spec.users.get(&owner.value) {
            None if spec.user_is_broken(&owner.value) => {}
            None => {
                let mut d = Diagnostic::error(
                    "spec::unknown-owner",
                    format!(
                        "container `{}` is owned by `{}`, who is not in users.nix",
                        c.name.value, owner.value
                    ),
                )
                .with_label(owner.span, "no such user");
                d = d.with_help(guess_or(
                    &owner.value,
                    spec.users.keys().map(String::as_str),
                    "add the user to users.nix with `containers.enable = true`",
                ));
                diags.push(d);
            }
            Some(user) if !user.containers.enable => diags.push(
                Diagnostic::error(
                    "spec::owner-not-enabled",
                    format!("user `{}` may not own containers", owner.value),
                )
                .with_label(owner.span, "owner of this container")
                .with_label(
                    user.name.span,
                    "this user has no `containers.enable = true`",
                )
                .with_help(format!(
                    "set `users.{}.containers.enable = true;` in users.nix",
                    owner.value
                )),
            ),
            Some(_) => owned.entry(owner.value.as_str()).or_default().push(c),
        }
    }
    for (owner, containers) in owned {
        let Some(max) = spec
            .users
            .get(owner)
            .and_then(|u| u.containers.max.as_ref())
        else {
            continue;
        };
        if i64::try_from(containers.len()).unwrap_or(i64::MAX) > max.value {
            let mut d = Diagnostic::error(
                "spec::too-many-containers",
                format!(
                    "user `{owner}` owns {} containers, more than `containers.max = {}`",
                    containers.len(),
                    max.value
                ),
            )
            .with_label(max.span, "the limit");
            for c in containers
                .iter()
                .skip(usize::try_from(max.value.max(0)).unwrap_or(0))
            {
                d = d.with_label(c.name.span, "over the limit");
            }
            diags.push(d.with_help("raise the limit or remove a container"));
        }
    }
}
