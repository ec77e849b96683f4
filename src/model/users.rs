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
use crate::eval::{Attrs, EvalError, Thunk, Value, ValueKind};
use crate::source::Span;

use super::decode::{Decoder, Fields};
use super::{Spanned, Undecided, User, UserDevbox};

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
const DEVBOX_FIELDS: &[&str] = &["containers", "opVault"];
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

/// What forcing a value that may depend on the rest of a NixOS config gave.
enum Probe {
    Value(Value),
    /// `lib.mkIf false …`: the definition is not there.
    Absent,
    /// It depends on something devbox-gen does not evaluate (`config.*`, an
    /// opaque `mkIf` condition, a `throw`): why, in a sentence.
    Undecided(String, Span),
}

fn probe(d: &Decoder, t: &Thunk) -> Probe {
    match d.ev.force(t) {
        Ok(v) => match &v.kind {
            ValueKind::Unset => Probe::Absent,
            ValueKind::Ref(r) => Probe::Undecided(
                format!("it is `{r}`, which devbox-gen does not evaluate"),
                v.span,
            ),
            _ => Probe::Value(v),
        },
        Err(e) => undecided_by(&e, t.span()),
    }
}

fn undecided_by(e: &EvalError, at: Span) -> Probe {
    let first = e.diagnostics.first();
    let why = first.map_or_else(
        || "it failed to evaluate".to_owned(),
        |d| format!("evaluating it fails: {}", d.message),
    );
    Probe::Undecided(why, first.and_then(Diagnostic::primary_span).unwrap_or(at))
}

pub fn decode_users_file(d: &mut Decoder, root: &Value) -> Option<Decoded> {
    let top = d.attrs(root, "users.nix")?;
    let mut out = Decoded {
        users: BTreeMap::new(),
        broken_users: BTreeSet::new(),
        undecided_users: BTreeMap::new(),
    };
    report_moved_op_vault(d, &top);
    let Some(users_entry) = top.get("users") else {
        return Some(out);
    };
    let users_option = match probe(d, &users_entry.value) {
        Probe::Value(v) => match d.attrs(&v, "users") {
            Some(a) => a,
            None => {
                out.broken_users.insert(super::BROKEN_ALL.to_owned());
                return Some(out);
            }
        },
        Probe::Absent => return Some(out),
        Probe::Undecided(why, at) => {
            d.report(undecided_file(&why, at));
            out.broken_users.insert(super::BROKEN_ALL.to_owned());
            return Some(out);
        }
    };
    report_old_shape(d, &users_option, &mut out.broken_users);
    let Some(entry) = users_option.get("users") else {
        return Some(out);
    };
    let users = match probe(d, &entry.value) {
        Probe::Value(v) => match d.attrs(&v, "users.users") {
            Some(a) => a,
            None => {
                out.broken_users.insert(super::BROKEN_ALL.to_owned());
                return Some(out);
            }
        },
        Probe::Absent => return Some(out),
        Probe::Undecided(why, at) => {
            d.report(undecided_file(&why, at));
            out.broken_users.insert(super::BROKEN_ALL.to_owned());
            return Some(out);
        }
    };
    let mut default_shell = None;
    for (name, entry) in users.iter() {
        let name = Spanned::new(name.to_string(), entry.key_span);
        match find_devbox(d, &entry.value, &name.value) {
            Found::Absent => {}
            Found::Broken => {
                out.broken_users.insert(name.value);
            }
            Found::Undecided(why, at) => {
                out.undecided_users.insert(
                    name.value,
                    Undecided {
                        name_span: entry.key_span,
                        why,
                        at,
                    },
                );
            }
            Found::User(attrs, devbox) => {
                let path = format!("users.users.{}", name.value);
                let fields = Fields::new(vec![attrs], path, entry.key_span);
                let user = if devbox.containers.enable {
                    let shell = default_shell
                        .get_or_insert_with(|| {
                            decode_default_shell(d, &users_option, users_entry.key_span)
                        })
                        .clone();
                    decode_owner(d, &fields, name, devbox, shell)
                } else {
                    User::named(name, devbox)
                };
                out.users.insert(user.name.value.clone(), user);
            }
        }
    }
    Some(out)
}

enum Found {
    /// `mkIf false`: no such user.
    Absent,
    /// Reported already.
    Broken,
    Undecided(String, Span),
    User(Rc<Attrs>, UserDevbox),
}

/// Forces a user's entry only as far as `devbox`: whether they own containers.
fn find_devbox(d: &mut Decoder, t: &Thunk, name: &str) -> Found {
    let user = match probe(d, t) {
        Probe::Value(v) => v,
        Probe::Absent => return Found::Absent,
        Probe::Undecided(why, at) => return Found::Undecided(why, at),
    };
    let Some(attrs) = d.attrs(&user, format_args!("users.users.{name}")) else {
        return Found::Broken;
    };
    let mut devbox = UserDevbox::default();
    let Some(entry) = attrs.get("devbox") else {
        return Found::User(attrs, devbox);
    };
    let path = format!("users.users.{name}.devbox");
    let devbox_attrs = match probe(d, &entry.value) {
        Probe::Value(v) => match d.attrs(&v, &path) {
            Some(a) => a,
            None => return Found::Broken,
        },
        Probe::Absent => return Found::User(attrs, devbox),
        Probe::Undecided(why, at) => return Found::Undecided(why, at),
    };
    d.reject_unknown(&devbox_attrs, DEVBOX_FIELDS, &path);
    if let Some(entry) = devbox_attrs.get("containers") {
        let path = format!("{path}.containers");
        let containers = match probe(d, &entry.value) {
            Probe::Value(v) => d.attrs(&v, &path),
            Probe::Absent => None,
            Probe::Undecided(why, at) => return Found::Undecided(why, at),
        };
        if let Some(containers) = containers {
            d.reject_unknown(&containers, DEVBOX_CONTAINER_FIELDS, &path);
            if let Some(entry) = containers.get("enable") {
                match probe(d, &entry.value) {
                    Probe::Value(v) => {
                        devbox.containers.enable = d
                            .bool(&v, format_args!("{path}.enable"))
                            .unwrap_or_default();
                        devbox.containers.enable_span = Some(v.span);
                    }
                    Probe::Absent => {}
                    Probe::Undecided(why, at) => return Found::Undecided(why, at),
                }
            }
            let fields = Fields::new(vec![containers], path, entry.key_span);
            if devbox.containers.enable {
                devbox.containers.max = fields
                    .get(d, "max")
                    .and_then(|v| d.int(&v, fields.field("max")));
            }
        }
    }
    if devbox.containers.enable {
        let fields = Fields::new(vec![devbox_attrs], path, entry.key_span);
        devbox.op_vault = fields
            .get(d, "opVault")
            .and_then(|v| d.string(&v, fields.field("opVault")));
    }
    Found::User(attrs, devbox)
}

/// An owner: everything the tree needs, from the NixOS fields.
fn decode_owner(
    d: &mut Decoder,
    f: &Fields,
    name: Spanned<String>,
    devbox: UserDevbox,
    default_shell: Spanned<String>,
) -> User {
    d.name_check(&name.value, name.span, "users.users");
    let mut user = User::named(name, devbox);
    user.enable = f.bool_or(d, "enable", true);
    user.is_system_user = f.bool_or(d, "isSystemUser", false);
    match f.get(d, "uid") {
        Some(v) if matches!(v.kind, ValueKind::Null) => {}
        Some(v) => {
            user.uid = d.int(&v, f.field("uid"));
            user.uid_broken = user.uid.is_none();
        }
        None => user.uid_broken = f.has("uid") && !is_unset(d, f, "uid"),
    }
    if let Some(s) = f
        .get(d, "description")
        .and_then(|v| d.string(&v, f.field("description")))
        && !s.value.is_empty()
    {
        user.description = s.value;
    }
    user.shell = match f.get(d, "shell") {
        Some(v) => decode_shell(d, &v, f.field("shell")).unwrap_or(default_shell),
        None => Spanned::new(default_shell.value, user.name.span),
    };
    let openssh = f.sub(d, "openssh").sub(d, "authorizedKeys");
    user.ssh_keys = openssh.list_or_empty(d, "keys", |d, v, field| d.string(v, field));
    let files = openssh.list_or_empty(d, "keyFiles", |d, v, field| key_file(d, v, field));
    user.ssh_keys.extend(files.into_iter().flatten());
    user
}

/// `uid = lib.mkIf false 1`: written, but not there.
fn is_unset(d: &mut Decoder, f: &Fields, name: &str) -> bool {
    f.layers()
        .iter()
        .filter_map(|l| l.get(name))
        .all(|e| matches!(d.ev.force(&e.value), Ok(v) if matches!(v.kind, ValueKind::Unset)))
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

/// `users.defaultUserShell`: the shell of users without one, as NixOS has it.
fn decode_default_shell(d: &mut Decoder, users_option: &Attrs, at: Span) -> Spanned<String> {
    let fallback = |span| Spanned::new(NIXOS_DEFAULT_SHELL.to_owned(), span);
    let Some(entry) = users_option.get("defaultUserShell") else {
        return fallback(at);
    };
    match probe(d, &entry.value) {
        Probe::Value(v) => decode_shell(d, &v, "users.defaultUserShell")
            .unwrap_or_else(|| fallback(entry.key_span)),
        Probe::Absent | Probe::Undecided(..) => fallback(entry.key_span),
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
fn report_moved_op_vault(d: &mut Decoder, top: &Attrs) {
    let Some(entry) = top.get("containers") else {
        return;
    };
    let Probe::Value(v) = probe(d, &entry.value) else {
        return;
    };
    let ValueKind::Attrs(a) = &v.kind else {
        return;
    };
    if let Some(vault) = a.get("opVault") {
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
fn report_old_shape(d: &mut Decoder, users_option: &Attrs, broken: &mut BTreeSet<String>) {
    let mut old = Vec::new();
    for (name, entry) in users_option.iter() {
        if NIXOS_USERS_OPTIONS.contains(&name.as_ref()) {
            continue;
        }
        let Probe::Value(v) = probe(d, &entry.value) else {
            continue;
        };
        let ValueKind::Attrs(a) = &v.kind else {
            continue;
        };
        if a.keys().any(|k| OLD_SHAPE_MARKERS.contains(&k.as_ref())) {
            old.push((name.to_string(), entry.key_span, Rc::clone(a)));
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
    for (name, span, attrs) in &old {
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
                let inner = match probe(d, &entry.value) {
                    Probe::Value(Value {
                        kind: ValueKind::Attrs(a),
                        ..
                    }) => a,
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
