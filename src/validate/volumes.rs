//! ## What it does
//! Checks `volumes`: names `[a-z][a-z0-9-]{0,62}`; a volume mounted only by
//! the containers of one owner on one server, whose images run one uid.
//! ## Why is this bad?
//! A volume is a podman volume in its owner's rootless storage, made by one
//! `.volume` unit with the image user's uid as its owner (`User=`, `Group=`):
//! the containers of another owner (or on another server) would get a second,
//! unrelated volume of the same name, and the idle cleanup could not tell when
//! the last of them is destroyed; an image user of another uid could not write to it.
//! ## Example
//! Two owners' `volume = "cargo"` → `volumes.cargo-alice` and `volumes.cargo-bob`.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;
use crate::source::Span;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for v in spec.volumes.values() {
        if !super::is_simple_name(&v.name.value) {
            diags.push(super::invalid(
                "spec::volume-name",
                format!(
                    "`{}` is not a valid volume name",
                    v.name.value.escape_debug()
                ),
                v.name.span,
                "expected `[a-z][a-z0-9-]{0,62}`",
                "it becomes the podman volume `devbox_<name>` and its `.volume` unit",
            ));
        }
    }
    // Per volume: the first mount of each owner, and of each image uid.
    let mut owners: BTreeMap<&str, BTreeMap<&str, Span>> = BTreeMap::new();
    let mut uids: BTreeMap<&str, BTreeMap<i64, (Span, &str)>> = BTreeMap::new();
    let mut servers: BTreeMap<&str, BTreeMap<&str, (Span, &str)>> = BTreeMap::new();
    for c in spec.containers.values() {
        let uid = c
            .image
            .as_ref()
            .and_then(|i| spec.images.get(&i.value))
            .map(|i| i.user.uid.value);
        for v in c.mounts.iter().filter_map(|m| m.volume.as_ref()) {
            if !spec.volumes.contains_key(&v.value) {
                continue;
            }
            owners
                .entry(&v.value)
                .or_default()
                .entry(&c.owner.value)
                .or_insert(v.span);
            servers
                .entry(&v.value)
                .or_default()
                .entry(&c.server.value)
                .or_insert((v.span, &c.name.value));
            if let Some(uid) = uid {
                uids.entry(&v.value)
                    .or_default()
                    .entry(uid)
                    .or_insert((v.span, &c.name.value));
            }
        }
    }
    for (volume, by) in &owners {
        if by.len() > 1 {
            let mut d = Diagnostic::error(
                "spec::volume-owners",
                format!(
                    "volume `{volume}` is mounted by the containers of {} owners",
                    by.len()
                ),
            );
            for (owner, span) in by {
                d = d.with_label(*span, format!("a container of `{owner}`"));
            }
            diags.push(d.with_help(
                "a volume lives in one owner's podman storage: give each owner a volume of their own",
            ));
        }
    }
    for (volume, by) in &servers {
        if by.len() > 1 {
            let mut d = Diagnostic::error(
                "spec::volume-servers",
                format!("volume `{volume}` is mounted by containers of different servers"),
            );
            for (server, (span, name)) in by {
                d = d.with_label(*span, format!("`{name}` runs on `{server}`"));
            }
            diags.push(d.with_help(
                "a volume lives on one server: the containers of another would get a second, unrelated volume; give each server's containers a volume of their own",
            ));
        }
    }
    for (volume, by) in &uids {
        if by.len() > 1 {
            let mut d = Diagnostic::error(
                "spec::volume-user",
                format!("volume `{volume}` is mounted by image users of different uids"),
            );
            for (uid, (span, name)) in by {
                d = d.with_label(*span, format!("`{name}` runs uid {uid}"));
            }
            diags.push(d.with_help(
                "the volume is made owned by the image user's uid: share it between containers whose images run one uid",
            ));
        }
    }
}
