//! What root fetches from 1Password for an owner and hands over through their
//! key dir: the Tailscale auth key (when a container of theirs joins the
//! tailnet) and their `devbox.secrets`, each a file in the key dir that the
//! owner turns into a podman secret (docs/secrets.md).

use std::collections::BTreeSet;

use serde::Serialize;

use super::layout::{AUTHKEY_SECRET, AUTHKEY_TARGET};
use crate::model::{Container, OwnerSecret, SecretDelivery, Spec};

/// The Tailscale key's file in the key dir.
pub const AUTHKEY_FILE: &str = "ts-authkey";

/// One thing root reads for an owner.
#[derive(Debug, Clone, Serialize)]
pub struct KeyItem {
    /// Its file in the owner's key dir (`ts-authkey`, `secret-<name>`).
    pub file: String,
    /// The 1Password reference `op read` takes.
    pub reference: String,
    /// The podman secret the owner imports it as.
    pub secret: String,
    /// For the logs: `the auth key`, `the secret gh`.
    pub what: String,
}

/// The owner's Tailscale key's reference: `op://<vault>/<owner>-tailscale-authkey/password`.
pub fn authkey_reference(spec: &Spec, owner: &str) -> String {
    let vault = spec
        .users
        .get(owner)
        .and_then(|u| u.devbox.op_vault.as_ref())
        .map_or(spec.op_vault.value.as_str(), |v| v.value.as_str());
    format!("op://{vault}/{owner}-tailscale-authkey/password")
}

/// The podman secret of an owner secret, in the owner's podman store.
pub fn podman_secret(s: &OwnerSecret) -> String {
    format!("devbox-secret-{}", s.name.value)
}

fn secret_item(s: &OwnerSecret) -> KeyItem {
    KeyItem {
        file: format!("secret-{}", s.name.value),
        reference: s.reference.value.clone(),
        secret: podman_secret(s),
        what: format!("the secret {}", s.name.value),
    }
}

fn authkey_item(spec: &Spec, owner: &str) -> KeyItem {
    KeyItem {
        file: AUTHKEY_FILE.to_owned(),
        reference: authkey_reference(spec, owner),
        secret: AUTHKEY_SECRET.to_owned(),
        what: "the auth key".to_owned(),
    }
}

fn secrets_of<'s>(spec: &'s Spec, owner: &str) -> &'s [OwnerSecret] {
    spec.users
        .get(owner)
        .map_or(&[], |u| u.devbox.secrets.as_slice())
}

/// The owners with a container on the tailnet, found once per render: asking
/// for each container or owner scanned every container (quadratic in the spec).
pub struct TailnetOwners<'s>(BTreeSet<&'s str>);

impl<'s> TailnetOwners<'s> {
    pub fn of(spec: &'s Spec) -> Self {
        TailnetOwners(
            spec.containers
                .values()
                .filter(|c| c.tailscale.enable)
                .map(|c| c.owner.value.as_str())
                .collect(),
        )
    }
}

/// Everything root reads for `owner`: the key first when any container of
/// theirs has Tailscale, then the secrets in name order.
pub fn owner_items(spec: &Spec, owner: &str, tailnet: &TailnetOwners) -> Vec<KeyItem> {
    tailnet
        .0
        .contains(owner)
        .then(|| authkey_item(spec, owner))
        .into_iter()
        .chain(secrets_of(spec, owner).iter().map(secret_item))
        .collect()
}

/// The owner's secrets that container `c` receives.
pub fn container_secrets<'s>(spec: &'s Spec, c: &Container) -> Vec<&'s OwnerSecret> {
    secrets_of(spec, &c.owner.value)
        .iter()
        .filter(|s| s.containers.iter().any(|n| n.value == c.name.value))
        .collect()
}

/// The key-dir files container `c` needs before it starts, as the arguments
/// of `devbox-authkey import`: none when it needs all of the owner's.
pub fn import_args(spec: &Spec, c: &Container, tailnet: &TailnetOwners) -> Vec<String> {
    let items = container_items(spec, c);
    let all = owner_items(spec, &c.owner.value, tailnet);
    if items.len() == all.len() {
        Vec::new()
    } else {
        items
    }
}

/// The key-dir files container `c` needs before it starts.
pub fn container_items(spec: &Spec, c: &Container) -> Vec<String> {
    c.tailscale
        .enable
        .then(|| AUTHKEY_FILE.to_owned())
        .into_iter()
        .chain(
            container_secrets(spec, c)
                .into_iter()
                .map(|s| format!("secret-{}", s.name.value)),
        )
        .collect()
}

/// The Quadlet `Secret=` values of container `c`, the Tailscale key first;
/// `uid` is the image user's.
pub fn secret_lines(spec: &Spec, c: &Container, uid: i64) -> Vec<String> {
    let mut lines = Vec::new();
    if c.tailscale.enable {
        lines.push(format!(
            "{AUTHKEY_SECRET},type=mount,target={AUTHKEY_TARGET},uid={uid},gid={uid},mode=0400"
        ));
    }
    for s in container_secrets(spec, c) {
        let name = podman_secret(s);
        lines.push(match &s.delivery {
            SecretDelivery::Podman => format!(
                "{name},type=mount,target={}/{},uid={uid},gid={uid},mode=0400",
                crate::validate::SECRETS_DIR,
                s.name.value
            ),
            SecretDelivery::File { path, mode, owner } => {
                let id = owner.as_ref().map_or(uid, |o| o.value);
                format!(
                    "{name},type=mount,target={},uid={id},gid={id},mode={}",
                    path.value, mode.value
                )
            }
            SecretDelivery::Env(var) => format!("{name},type=env,target={}", var.value),
        });
    }
    lines
}
