//! ## What it does
//! Checks the uid of every user who may own containers: present, in 1000–60000,
//! and not shared with another user.
//! ## Why is this bad?
//! The uid names the rootless Quadlet directory (`/etc/containers/systemd/users/<uid>/`);
//! a missing, system-range or shared uid puts one person's containers in another's hands.
//! ## Example
//! `uid = 999;` → `uid = 1001;`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<i64, &crate::model::Spanned<i64>> = BTreeMap::new();
    for user in spec.users.values().filter(|u| u.is_owner()) {
        let Some(uid) = &user.uid else {
            if user.uid_broken {
                continue;
            }
            diags.push(super::invalid(
                "spec::missing-uid",
                format!(
                    "user `{}` may own containers but has no `uid`",
                    user.name.value
                ),
                user.name.span,
                "this user needs a `uid`",
                "set `uid = <1000–60000>;`: it names the user's rootless Quadlet directory",
            ));
            continue;
        };
        if !(1000..=60000).contains(&uid.value) {
            diags.push(super::invalid(
                "spec::uid-range",
                format!(
                    "uid {} of user `{}` is out of range",
                    uid.value, user.name.value
                ),
                uid.span,
                "expected 1000–60000",
                "uids below 1000 are system accounts; above 60000 is outside the login range",
            ));
        }
        if let Some(first) = seen.get(&uid.value) {
            diags.push(
                Diagnostic::error(
                    "spec::duplicate-uid",
                    format!("uid {} is used twice", uid.value),
                )
                .with_label(uid.span, "used again here")
                .with_label(first.span, "first used here")
                .with_help("every user needs a uid of their own"),
            );
        } else {
            seen.insert(uid.value, uid);
        }
    }
}
