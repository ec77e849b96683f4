//! ## What it does
//! Checks that each container's owner is a user of users.nix
//! (`users.users.<name>`) with `devbox.containers.enable = true`, an enabled,
//! non-system account, and that no user owns more than `devbox.containers.max`.
//! ## Why is this bad?
//! A container runs under its owner's uid, from their Quadlet directory; an
//! unknown, disabled or system account has none.
//! ## Example
//! `owner = "cole";` → `owner = "coal";`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Container, Spec, User, guess_or};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let mut owned: BTreeMap<&str, Vec<&Container>> = BTreeMap::new();
    for c in spec.containers.values() {
        let owner = &c.owner;
        match spec.users.get(&owner.value) {
            None if spec.user_is_broken(&owner.value) => {}
            None => diags.push(
                match spec.undecided_users.get(&owner.value) {
                    Some(u) => Diagnostic::error(
                        "spec::undecided-owner",
                        format!(
                            "container `{}` is owned by `{}`, whose `devbox` settings devbox-gen cannot evaluate",
                            c.name.value, owner.value
                        ),
                    )
                    .with_label(owner.span, "owner of this container")
                    .with_label(u.at, format!("`users.users.{}`: {}", owner.value, u.why))
                    .with_help(
                        "write the owner's entry and its `devbox` fields without `config`, `throw` or a `mkIf` on `config`",
                    ),
                    None => unknown_owner(spec, c),
                },
            ),
            Some(user) if !user.is_owner() => diags.push(not_an_owner(c, user)),
            Some(_) => owned.entry(owner.value.as_str()).or_default().push(c),
        }
    }
    for (owner, containers) in owned {
        let Some(max) = spec
            .users
            .get(owner)
            .and_then(|u| u.devbox.containers.max.as_ref())
        else {
            continue;
        };
        if i64::try_from(containers.len()).unwrap_or(i64::MAX) > max.value {
            let mut d = Diagnostic::error(
                "spec::too-many-containers",
                format!(
                    "user `{owner}` owns {} containers, more than `devbox.containers.max = {}`",
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

fn unknown_owner(spec: &Spec, c: &Container) -> Diagnostic {
    let owner = &c.owner;
    Diagnostic::error(
        "spec::unknown-owner",
        format!(
            "container `{}` is owned by `{}`, who is not in users.nix",
            c.name.value, owner.value
        ),
    )
    .with_label(owner.span, "no such user")
    .with_help(guess_or(
        &owner.value,
        spec.users.keys().map(String::as_str),
        format!(
            "add `users.users.{}` to users.nix with `devbox.containers.enable = true`",
            owner.value
        ),
    ))
}

/// The owner is a user, but not one who may own containers: say which part is missing.
fn not_an_owner(c: &Container, user: &User) -> Diagnostic {
    let name = &user.name.value;
    let (code, why, help) = if !user.devbox.containers.enable {
        (
            "spec::owner-not-enabled",
            "this user has no `devbox.containers.enable = true`".to_owned(),
            format!("set `users.users.{name}.devbox.containers.enable = true;` in users.nix"),
        )
    } else if !user.enable {
        (
            "spec::owner-disabled",
            "this account has `enable = false`".to_owned(),
            "a disabled account owns no containers: enable it or give the container another owner"
                .to_owned(),
        )
    } else {
        (
            "spec::owner-system-user",
            "this account has `isSystemUser = true`".to_owned(),
            "containers belong to people: use `isNormalUser = true` or another owner".to_owned(),
        )
    };
    let at = user.devbox.containers.enable_span.unwrap_or(user.name.span);
    let mut d = Diagnostic::error(code, format!("user `{name}` may not own containers"))
        .with_label(c.owner.span, "owner of this container")
        .with_label(user.name.span, why);
    if user.devbox.containers.enable && at != user.name.span {
        d = d.with_label(at, "containers enabled here");
    }
    d.with_help(help)
}
