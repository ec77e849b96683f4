//! users.nix: a data file shared with the rest of a NixOS config. Only the
//! fields below are read; everything else is never evaluated.

use std::collections::{BTreeMap, BTreeSet};

use crate::eval::{Value, ValueKind};

use super::decode::{Decoder, Fields};
use super::{Spanned, User, UserContainers};

pub const DEFAULT_OP_VAULT: &str = "DevBox";

pub struct Decoded {
    pub users: BTreeMap<String, User>,
    /// Users whose entry failed to evaluate (already reported).
    pub broken_users: BTreeSet<String>,
    pub op_vault: Spanned<String>,
}

pub fn decode_users_file(d: &mut Decoder, root: &Value) -> Option<Decoded> {
    let top = Fields::new(vec![d.attrs(root, "users.nix")?], String::new(), root.span);
    let mut users = BTreeMap::new();
    let mut broken_users = BTreeSet::new();
    let users_value = top.get(d, "users");
    let users_attrs = users_value.as_ref().and_then(|v| d.attrs(v, "users"));
    if top.has("users") && users_attrs.is_none() {
        broken_users.insert(super::BROKEN_ALL.to_owned());
    }
    if let Some(attrs) = users_attrs {
        for (name, entry) in attrs.iter() {
            d.name_check(name, entry.key_span, "users");
            let Some(value) = d.force(&entry.value) else {
                broken_users.insert(name.to_string());
                continue;
            };
            if matches!(value.kind, ValueKind::Unset) {
                continue;
            }
            let path = format!("users.{name}");
            let Some(fields) = d.attrs(&value, &path) else {
                broken_users.insert(name.to_string());
                continue;
            };
            let fields = Fields::new(vec![fields], path, entry.key_span);
            let name = Spanned::new(name.to_string(), entry.key_span);
            users.insert(name.value.clone(), decode_user(d, &fields, name));
        }
    }
    let global = top.sub(d, "containers");
    let op_vault = global
        .string_or(d, "opVault", DEFAULT_OP_VAULT)
        .unwrap_or_else(|| Spanned::new(DEFAULT_OP_VAULT.into(), root.span));
    Some(Decoded {
        users,
        broken_users,
        op_vault,
    })
}

/// Users who may not own containers are only named: their other fields may
/// hold whatever the rest of the user's config needs, and are not evaluated.
fn decode_user(d: &mut Decoder, f: &Fields, name: Spanned<String>) -> User {
    let c = f.sub(d, "containers");
    let containers = UserContainers {
        enable: c.bool_or(d, "enable", false),
        max: c.get(d, "max").and_then(|v| d.int(&v, c.field("max"))),
        op_vault: c
            .get(d, "opVault")
            .and_then(|v| d.string(&v, c.field("opVault"))),
    };
    let mut user = User {
        uid: None,
        uid_broken: false,
        description: name.value.clone(),
        shell: Spanned::new("bash".into(), name.span),
        ssh_keys: Vec::new(),
        containers,
        name,
    };
    if !user.containers.enable {
        return user;
    }
    user.uid = f.get(d, "uid").and_then(|v| d.int(&v, f.field("uid")));
    user.uid_broken = user.uid.is_none() && f.has("uid");
    if let Some(s) = f
        .get(d, "description")
        .and_then(|v| d.string(&v, f.field("description")))
    {
        user.description = s.value;
    }
    if let Some(v) = f.get(d, "shell")
        && let Some(shell) = decode_shell(d, &v, f.field("shell"))
    {
        user.shell = shell;
    }
    user.ssh_keys = f.list_or_empty(d, "sshKeys", |d, v, field| d.string(v, field));
    user
}

/// `"zsh"` or `pkgs.zsh` (the last attribute of the reference names the shell).
fn decode_shell(
    d: &mut Decoder,
    v: &Value,
    field: impl std::fmt::Display,
) -> Option<Spanned<String>> {
    match &v.kind {
        ValueKind::Ref(r) if &*r.root == "pkgs" && !r.path.is_empty() => {
            Some(Spanned::new(r.attr_path(), v.span))
        }
        _ => d.string(v, field),
    }
}
