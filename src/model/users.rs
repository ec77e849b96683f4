//! users.nix: a NixOS module file (a set, or a function of module arguments)
//! that sets `users.users.<name>`, the very file the host's NixOS config
//! imports. devbox-gen finds the container owners
//! (`users.users.<name>.devbox.containers.enable = true`) and reads only what it
//! needs of them; every other user is only named, and nothing else of the
//! module is evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::rc::Rc;

use crate::diagnostics::Diagnostic;
use crate::eval::{Attrs, Thunk, Value, ValueKind};
use crate::source::Span;

use super::decode::Decoder;
use super::modules::{self, Def, Stop};
use super::{OwnerSecret, SecretDelivery, Spanned, Undecided, User, UserDevbox};

/// The options NixOS declares directly under `users` (nixpkgs'
/// nixos/modules/config/users-groups.nix and its neighbours): settings, not
/// users, so they are never read as the old `users.<name>` shape.
const NIXOS_USERS_OPTIONS: &[&str] = &[
    "users",
    "groups",
    "mutableUsers",
    "defaultUserShell",
    "defaultUserHome",
    "enforceIdUniqueness",
    "allowNoPasswordLogin",
    "extraUsers",
    "extraGroups",
    "motd",
    "motdFile",
    "manageLingering",
    "ldap",
    "mysql",
];
/// The fields of the old `users.<name>` shape that mark an entry as a user.
const OLD_SHAPE_MARKERS: &[&str] = &[
    "containers",
    "sshKeys",
    "uid",
    "isNormalUser",
    "description",
    "shell",
    "openssh",
];
const DEVBOX_FIELDS: &[&str] = &["containers", "opVault", "secrets"];
const SECRET_FIELDS: &[&str] = &["reference", "containers", "env", "file"];
const SECRET_FILE_FIELDS: &[&str] = &["path", "mode", "owner"];
/// A mounted secret's mode when `file.mode` is unset: the owner reads it, nobody else.
const SECRET_FILE_MODE: &str = "0400";
const DEVBOX_CONTAINER_FIELDS: &[&str] = &["enable", "max"];
/// What NixOS gives a user without `shell` when `users.defaultUserShell` is unset.
const NIXOS_DEFAULT_SHELL: &str = "bash";

pub struct Decoded {
    pub users: BTreeMap<String, User>,
    /// Users whose entry failed to evaluate (already reported).
    pub broken_users: BTreeSet<String>,
    /// Users of whom devbox-gen cannot tell whether they own containers.
    pub undecided_users: BTreeMap<String, Undecided>,
}

pub fn decode_users_file(d: &mut Decoder, root: &Value) -> Option<Decoded> {
    d.attrs(root, "users.nix")?;
    let mut out = Decoded {
        users: BTreeMap::new(),
        broken_users: BTreeSet::new(),
        undecided_users: BTreeMap::new(),
    };
    let (configs, problems) = modules::collect(d.ev, root);
    d.diags.extend(problems);
    report_moved_op_vault(d, &configs);
    let ev = d.ev;
    let users_option = match modules::child(ev, &configs, "users", "users") {
        Ok(defs) => defs,
        Err(stop) => return Some(broken_file(d, stop, out)),
    };
    report_old_shape(d, &users_option, &mut out.broken_users);
    // `users.extraUsers` is NixOS's alias of `users.users`.
    let per_user = match modules::child(ev, &users_option, "users", "users").and_then(|mut defs| {
        defs.extend(modules::child(ev, &users_option, "extraUsers", "users")?);
        modules::attrs_of(ev, &defs, "users.users")
    }) {
        Ok(per_user) => per_user,
        Err(stop) => return Some(broken_file(d, stop, out)),
    };
    let mut default_shell = None;
    for (name, defs) in per_user {
        let path = format!("users.users.{name}");
        let name_span = defs.first().map_or(root.span, |d| d.at);
        let user_defs = match modules::option(ev, &defs, &path) {
            Ok(r) if r.is_empty() => continue, // `mkIf false`: no such user
            Ok(r) => r.iter().map(modules::Resolved::as_def).collect::<Vec<_>>(),
            Err(stop) => {
                undecided_or_broken(d, &mut out, name, name_span, stop);
                continue;
            }
        };
        let name = Spanned::new(name, name_span);
        match find_devbox(d, &user_defs, &path) {
            Ok(devbox) => {
                let user = if devbox.containers.enable {
                    let shell = default_shell
                        .get_or_insert_with(|| decode_default_shell(d, &users_option, root.span))
                        .clone();
                    decode_owner(d, &user_defs, &path, name, devbox, shell)
                } else {
                    User::named(name, devbox)
                };
                out.users.insert(user.name.value.clone(), user);
            }
            Err(stop) => undecided_or_broken(d, &mut out, name.value, name.span, stop),
        }
    }
    Some(out)
}

/// `users` or `users.users` cannot be read: nobody can be found.
fn broken_file(d: &mut Decoder, stop: Stop, mut out: Decoded) -> Decoded {
    match stop {
        Stop::Undecided { why, at, .. } => d.report(undecided_file(&why, at)),
        Stop::Error(diags) => d.diags.extend(diags),
    }
    out.broken_users.insert(super::BROKEN_ALL.to_owned());
    out
}

fn undecided_or_broken(
    d: &mut Decoder,
    out: &mut Decoded,
    name: String,
    name_span: Span,
    stop: Stop,
) {
    match stop {
        Stop::Undecided { why, at, .. } => {
            out.undecided_users
                .insert(name, Undecided { name_span, why, at });
        }
        Stop::Error(diags) => {
            d.diags.extend(diags);
            out.broken_users.insert(name);
        }
    }
}

/// A user's `devbox` options, as far as finding whether they own containers
/// needs; the rest of `devbox` only for owners.
fn find_devbox(d: &mut Decoder, user: &[Def], path: &str) -> Result<UserDevbox, Stop> {
    let ev = d.ev;
    let mut devbox = UserDevbox::default();
    let devbox_path = format!("{path}.devbox");
    let devbox_defs = modules::child(ev, user, "devbox", path)?;
    for attrs in modules::namespace_sets(ev, &devbox_defs, &devbox_path)? {
        d.reject_unknown(&attrs, DEVBOX_FIELDS, &devbox_path);
    }
    let containers_path = format!("{devbox_path}.containers");
    let containers = modules::child(ev, &devbox_defs, "containers", &devbox_path)?;
    for attrs in modules::namespace_sets(ev, &containers, &containers_path)? {
        d.reject_unknown(&attrs, DEVBOX_CONTAINER_FIELDS, &containers_path);
    }
    let enable_path = format!("{containers_path}.enable");
    let enable = modules::child(ev, &containers, "enable", &containers_path)?;
    if let Some(r) = modules::single(ev, &enable, &enable_path)? {
        if let ValueKind::Ref(reference) = &r.value.kind {
            return Err(Stop::Undecided {
                why: format!("it is `{reference}`, which devbox-gen does not evaluate"),
                at: r.value.span,
                diagnostics: Vec::new(),
            });
        }
        devbox.containers.enable = d.bool(&r.value, &enable_path).unwrap_or_default();
        devbox.containers.enable_span = Some(r.value.span);
    }
    if !devbox.containers.enable {
        return Ok(devbox);
    }
    devbox.containers.max = read_single(d, &containers, "max", &containers_path)
        .filter(|v| !matches!(v.kind, ValueKind::Null))
        .and_then(|v| d.int(&v, format_args!("{containers_path}.max")));
    devbox.op_vault = read_single(d, &devbox_defs, "opVault", &devbox_path)
        .filter(|v| !matches!(v.kind, ValueKind::Null))
        .and_then(|v| d.string(&v, format_args!("{devbox_path}.opVault")));
    devbox.secrets = decode_secrets(d, &devbox_defs, &devbox_path);
    Ok(devbox)
}

/// `devbox.secrets.<name>`: problems reported, a secret without a reference dropped.
fn decode_secrets(d: &mut Decoder, devbox: &[Def], devbox_path: &str) -> Vec<OwnerSecret> {
    let ev = d.ev;
    let path = format!("{devbox_path}.secrets");
    let per_secret = match modules::child(ev, devbox, "secrets", devbox_path)
        .and_then(|defs| modules::attrs_of(ev, &defs, &path))
    {
        Ok(per_secret) => per_secret,
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (name, defs) in per_secret {
        let Some(at) = defs.first().map(|def| def.at) else {
            continue;
        };
        let secret_path = format!("{path}.{name}");
        d.name_check(&name, at, &path);
        match modules::namespace_sets(ev, &defs, &secret_path) {
            Ok(sets) => {
                for attrs in sets {
                    d.reject_unknown(&attrs, SECRET_FIELDS, &secret_path);
                }
            }
            Err(stop) => {
                d.diags.extend(stop.into_diagnostics());
                continue;
            }
        }
        let reference = read_single(d, &defs, "reference", &secret_path)
            .and_then(|v| d.string(&v, format_args!("{secret_path}.reference")));
        let mut containers = Vec::new();
        for (i, t) in read_list(d, &defs, "containers", &secret_path)
            .iter()
            .enumerate()
        {
            if let Some(c) = d
                .force(t)
                .and_then(|v| d.string(&v, format_args!("{secret_path}.containers[{i}]")))
            {
                containers.push(c);
            }
        }
        let env = read_single(d, &defs, "env", &secret_path)
            .filter(|v| !matches!(v.kind, ValueKind::Null))
            .and_then(|v| d.string(&v, format_args!("{secret_path}.env")));
        let file = decode_secret_file(d, &defs, &secret_path);
        let delivery = match (env, file) {
            (Some(env), Some(file)) => {
                d.report(
                    Diagnostic::error(
                        "spec::secret-delivery",
                        format!("`{secret_path}` sets both `env` and `file`"),
                    )
                    .with_label(env.span, "delivered as this environment variable")
                    .with_label(file.1, "and as this file")
                    .with_help("a secret reaches its containers one way: keep `env` or `file`"),
                );
                continue;
            }
            (Some(env), None) => SecretDelivery::Env(env),
            (None, Some((file, _))) => file,
            (None, None) => SecretDelivery::Podman,
        };
        let Some(reference) = reference else {
            d.report(
                Diagnostic::error(
                    "spec::secret-reference",
                    format!("`{secret_path}` has no `reference`"),
                )
                .with_label(at, "this secret")
                .with_help("set `reference = \"op://<vault>/<item>/<field>\";`, the 1Password reference `op read` takes"),
            );
            continue;
        };
        out.push(OwnerSecret {
            name: Spanned::new(name, at),
            reference,
            containers,
            delivery,
        });
    }
    out
}

/// `file = { path; mode; owner; }` of a secret: the delivery and where `file` is written.
fn decode_secret_file(
    d: &mut Decoder,
    defs: &[Def],
    secret_path: &str,
) -> Option<(SecretDelivery, Span)> {
    let ev = d.ev;
    let file_path = format!("{secret_path}.file");
    let file = match modules::child(ev, defs, "file", secret_path) {
        Ok(file) => file,
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            return None;
        }
    };
    let at = file.first()?.at;
    match modules::namespace_sets(ev, &file, &file_path) {
        Ok(sets) => {
            for attrs in sets {
                d.reject_unknown(&attrs, SECRET_FILE_FIELDS, &file_path);
            }
        }
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            return None;
        }
    }
    let Some(path) = read_single(d, &file, "path", &file_path)
        .and_then(|v| d.string(&v, format_args!("{file_path}.path")))
    else {
        d.report(
            Diagnostic::error(
                "spec::secret-path",
                format!("`{file_path}` has no `path`"),
            )
            .with_label(at, "this file")
            .with_help("set `path`, the absolute path of the file in the container (under the image user's home or /run/secrets)"),
        );
        return None;
    };
    let mode = read_single(d, &file, "mode", &file_path)
        .and_then(|v| d.string(&v, format_args!("{file_path}.mode")))
        .unwrap_or_else(|| Spanned::new(SECRET_FILE_MODE.to_owned(), at));
    let owner = read_single(d, &file, "owner", &file_path)
        .filter(|v| !matches!(v.kind, ValueKind::Null))
        .and_then(|v| d.int(&v, format_args!("{file_path}.owner")));
    Some((SecretDelivery::File { path, mode, owner }, at))
}

/// An owner's single-valued option: problems reported, `None` when unset.
fn read_single(d: &mut Decoder, defs: &[Def], name: &str, parent: &str) -> Option<Value> {
    let ev = d.ev;
    let what = format!("{parent}.{name}");
    match modules::child(ev, defs, name, parent).and_then(|defs| modules::single(ev, &defs, &what))
    {
        Ok(r) => r.map(|r| r.value),
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            None
        }
    }
}

/// An owner's list option: every definition's elements, problems reported.
fn read_list(d: &mut Decoder, defs: &[Def], name: &str, parent: &str) -> Vec<Thunk> {
    let ev = d.ev;
    let what = format!("{parent}.{name}");
    match modules::child(ev, defs, name, parent).and_then(|defs| modules::list(ev, &defs, &what)) {
        Ok(items) => items,
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            Vec::new()
        }
    }
}

/// An owner: everything the tree needs, from the NixOS fields.
fn decode_owner(
    d: &mut Decoder,
    defs: &[Def],
    path: &str,
    name: Spanned<String>,
    devbox: UserDevbox,
    default_shell: Spanned<String>,
) -> User {
    d.name_check(&name.value, name.span, "users.users");
    let mut user = User::named(name, devbox);
    let bool_field = |d: &mut Decoder, field: &str, default: bool| {
        read_single(d, defs, field, path)
            .and_then(|v| d.bool(&v, format_args!("{path}.{field}")))
            .unwrap_or(default)
    };
    user.enable = bool_field(d, "enable", true);
    user.is_system_user = bool_field(d, "isSystemUser", false);
    // A uid that fails to evaluate is reported as such, not also as missing.
    let reported = d.diags.len();
    match read_single(d, defs, "uid", path) {
        Some(v) if matches!(v.kind, ValueKind::Null) => {}
        Some(v) => {
            user.uid = d.int(&v, format_args!("{path}.uid"));
            user.uid_broken = user.uid.is_none();
        }
        None => user.uid_broken = d.diags.len() > reported,
    }
    if let Some(s) = read_single(d, defs, "description", path)
        .and_then(|v| d.string(&v, format_args!("{path}.description")))
        && !s.value.is_empty()
    {
        user.description = s.value;
    }
    user.shell = match read_single(d, defs, "shell", path) {
        Some(v) => decode_shell(d, &v, format_args!("{path}.shell")).unwrap_or(default_shell),
        None => Spanned::new(default_shell.value, user.name.span),
    };
    let keys_path = format!("{path}.openssh.authorizedKeys");
    let ev = d.ev;
    let authorized = match modules::child(ev, defs, "openssh", path)
        .and_then(|o| modules::child(ev, &o, "authorizedKeys", &format!("{path}.openssh")))
    {
        Ok(a) => a,
        Err(stop) => {
            d.diags.extend(stop.into_diagnostics());
            Vec::new()
        }
    };
    for (i, t) in read_list(d, &authorized, "keys", &keys_path)
        .iter()
        .enumerate()
    {
        if let Some(k) = d
            .force(t)
            .and_then(|v| d.string(&v, format_args!("{keys_path}.keys[{i}]")))
        {
            user.ssh_keys.push(k);
        }
    }
    for (i, t) in read_list(d, &authorized, "keyFiles", &keys_path)
        .iter()
        .enumerate()
    {
        if let Some(keys) = d
            .force(t)
            .and_then(|v| key_file(d, &v, &format_args!("{keys_path}.keyFiles[{i}]")))
        {
            user.ssh_keys.extend(keys);
        }
    }
    user
}

/// The keys of one `keyFiles` entry: a file inside the spec's readable root,
/// one key a line; blank lines and `#` comments skipped, as sshd reads
/// authorized_keys.
fn key_file(
    d: &mut Decoder,
    v: &Value,
    field: &dyn std::fmt::Display,
) -> Option<Vec<Spanned<String>>> {
    let path = match &v.kind {
        ValueKind::Path(p) => (**p).clone(),
        ValueKind::Str(s) if s.starts_with('/') => camino::Utf8PathBuf::from(&**s),
        _ => {
            d.type_error(v, "a path", field);
            return None;
        }
    };
    let text = match d.ev.read_text_file(&path, v.span) {
        Ok(text) => text,
        Err(e) => {
            d.diags.extend(e.diagnostics);
            return None;
        }
    };
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        d.secret_check(line, v.span, field);
        keys.push(Spanned::new(line.to_owned(), v.span));
    }
    Some(keys)
}

/// `users.defaultUserShell`: the shell of users without one, as NixOS has it
/// (NixOS's business where devbox-gen cannot read it: then bash).
fn decode_default_shell(d: &mut Decoder, users_option: &[Def], at: Span) -> Spanned<String> {
    let fallback = Spanned::new(NIXOS_DEFAULT_SHELL.to_owned(), at);
    let ev = d.ev;
    let value = modules::child(ev, users_option, "defaultUserShell", "users")
        .and_then(|defs| modules::single(ev, &defs, "users.defaultUserShell"));
    match value {
        Ok(Some(r)) => decode_shell(d, &r.value, "users.defaultUserShell").unwrap_or(fallback),
        Ok(None) | Err(_) => fallback,
    }
}

/// A shell as NixOS takes it: a package (`pkgs.zsh`), a name (`"zsh"`) or a
/// path (`"/run/current-system/sw/bin/zsh"`, `/bin/zsh`): the program's name.
fn decode_shell(
    d: &mut Decoder,
    v: &Value,
    field: impl std::fmt::Display,
) -> Option<Spanned<String>> {
    let name = match &v.kind {
        ValueKind::Ref(r) if &*r.root == "pkgs" && !r.path.is_empty() => r.attr_path(),
        ValueKind::Path(p) => p.file_name().unwrap_or_default().to_owned(),
        ValueKind::Str(s) => {
            d.secret_check(s, v.span, &field);
            s.rsplit('/').next().unwrap_or_default().to_owned()
        }
        _ => {
            d.type_error(v, "a package, a shell name or a path", field);
            return None;
        }
    };
    // nixpkgs' interactive bash is the `bash` program.
    let name = if name == "bashInteractive" {
        "bash".to_owned()
    } else {
        name
    };
    Some(Spanned::new(name, v.span))
}

/// devbox-gen's vault setting moved from users.nix to containers.nix.
fn report_moved_op_vault(d: &mut Decoder, configs: &[Def]) {
    let ev = d.ev;
    let Ok(sets) = modules::child(ev, configs, "containers", "containers")
        .and_then(|defs| modules::namespace_sets(ev, &defs, "containers"))
    else {
        return;
    };
    for vault in sets.iter().filter_map(|a| a.get("opVault")) {
        d.report(
            Diagnostic::error(
                "spec::moved-field",
                "`containers.opVault` is no longer read from users.nix",
            )
            .with_label(vault.key_span, "the default 1Password vault, written here")
            .with_help(
                "write it in containers.nix as `onePassword.vault = \"…\";` (a per-user vault is `users.users.<name>.devbox.opVault`)",
            ),
        );
    }
}

/// `users.<name> = { … }` (devbox-gen's old shape): one diagnostic for the
/// file, showing each such user in the NixOS shape.
fn report_old_shape(d: &mut Decoder, users_option: &[Def], broken: &mut BTreeSet<String>) {
    let Ok(sets) = modules::namespace_sets(d.ev, users_option, "users") else {
        return;
    };
    let mut old: BTreeMap<String, (Span, Rc<Attrs>)> = BTreeMap::new();
    for (name, entry) in sets.iter().flat_map(|a| a.iter()) {
        if NIXOS_USERS_OPTIONS.contains(&name.as_ref()) || old.contains_key(name.as_ref()) {
            continue;
        }
        let Ok(resolved) =
            modules::discharge(d.ev, &Def::new(entry.value.clone(), entry.key_span), name)
        else {
            continue;
        };
        for r in resolved {
            if let ValueKind::Attrs(a) = &r.value.kind
                && a.keys().any(|k| OLD_SHAPE_MARKERS.contains(&k.as_ref()))
            {
                old.insert(name.to_string(), (entry.key_span, Rc::clone(a)));
            }
        }
    }
    if old.is_empty() {
        return;
    }
    let mut diag = Diagnostic::error(
        "spec::users-shape",
        "users.nix defines users as `users.<name>`; NixOS and devbox-gen read `users.users.<name>`",
    );
    let mut help =
        String::from("write each user as NixOS does, with devbox-gen's fields under `devbox`:\n");
    for (name, (span, attrs)) in &old {
        diag = diag.with_label(*span, format!("the user `{name}`, in the old shape"));
        help.push_str(&new_form(d, name, attrs));
        broken.insert(name.clone());
    }
    d.report(diag.with_help(help.trim_end().to_owned()));
}

/// The NixOS-shape text of one old-shape user: each field devbox-gen knew, at
/// its new place, with its value as written.
fn new_form(d: &mut Decoder, name: &str, attrs: &Attrs) -> String {
    let mut lines = Vec::new();
    let mut rest = false;
    for (field, entry) in attrs.iter() {
        let written = |d: &mut Decoder, t: &Thunk| source_text(d, t);
        match field.as_ref() {
            "sshKeys" => lines.push(format!(
                "openssh.authorizedKeys.keys = {};",
                written(d, &entry.value)
            )),
            "containers" => {
                let inner = match d.ev.force(&entry.value).map(|v| v.kind) {
                    Ok(ValueKind::Attrs(a)) => a,
                    _ => {
                        lines.push(format!("devbox.containers = {};", written(d, &entry.value)));
                        continue;
                    }
                };
                for (k, e) in inner.iter() {
                    let place = if k.as_ref() == "opVault" {
                        "devbox.opVault".to_owned()
                    } else {
                        format!("devbox.containers.{k}")
                    };
                    lines.push(format!("{place} = {};", written(d, &e.value)));
                }
            }
            _ => rest = true,
        }
    }
    let mut text = format!("  users.users.{name} = {{\n");
    for line in lines {
        let _ = writeln!(text, "    {line}");
    }
    if rest {
        text.push_str("    # … the user's other fields, unchanged\n");
    }
    text.push_str("  };\n");
    text
}

/// A value's source text when it fits on one line, else `…`.
fn source_text(d: &mut Decoder, t: &Thunk) -> String {
    let span = match d.ev.force(t) {
        Ok(v) => v.span,
        Err(_) => t.span(),
    };
    let file = d.ev.sources().get(span.file);
    file.text
        .get(span.start as usize..span.end as usize)
        .filter(|s| !s.is_empty() && !s.contains('\n') && s.len() <= 80)
        .map_or_else(|| "…".to_owned(), str::to_owned)
}

fn undecided_file(why: &str, at: Span) -> Diagnostic {
    Diagnostic::error(
        "spec::undecided-users",
        "devbox-gen cannot find the users of users.nix",
    )
    .with_label(at, format!("`users.users` is needed here, but {why}"))
    .with_help("set `users.users` to an attribute set that does not depend on `config`")
}
