//! containers.nix: images, containers (with `defaults` merged under each), and
//! the cleanup timer. Unknown fields are errors here, with a guess.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::eval::{Attrs, Value, ValueKind};

use super::decode::{Decoder, Fields};
use super::{
    Cleanup, Container, Duration, Editors, IMPLICIT_SERVER, Idle, Image, ImageUser, Memory, Mount,
    Number, Resources, Server, Spanned, Syncthing, Tailscale, Volume,
};
use crate::diagnostics::Diagnostic;

const TOP_FIELDS: &[&str] = &[
    "defaults",
    "images",
    "containers",
    "servers",
    "cleanup",
    "onePassword",
    "volumes",
    "allowedDevices",
];
const SERVER_FIELDS: &[&str] = &["memory", "cpus", "podman", "gpus"];
const VOLUME_FIELDS: &[&str] = &["keepOnDestroy"];
const MOUNT_FIELDS: &[&str] = &["target", "volume", "hostPath", "tmpfs", "readOnly"];
const ONE_PASSWORD_FIELDS: &[&str] = &["vault"];
/// The vault of the Tailscale auth keys unless an owner names their own.
pub const DEFAULT_OP_VAULT: &str = "DevBox";
const IMAGE_FIELDS: &[&str] = &["tag", "packages", "maxLayers", "user", "env", "editors"];
const IMAGE_USER_FIELDS: &[&str] = &["name", "uid", "home"];
const EDITOR_FIELDS: &[&str] = &["zed", "codeServer"];
const CONTAINER_FIELDS: &[&str] = &[
    "owner",
    "image",
    "server",
    "hostname",
    "tailscale",
    "syncthing",
    "resources",
    "idle",
    "ports",
    "env",
    "extraHosts",
    "autoStart",
    "mounts",
    "devices",
];
/// Nested container entities and their fields; `env` is free-form.
const CONTAINER_NESTED: &[(&str, &[&str])] = &[
    ("tailscale", &["enable", "ssh", "tags", "share"]),
    ("syncthing", &["enable", "folder"]),
    (
        "resources",
        &["cpus", "memory", "pids", "ioWeight", "swap", "homeSize"],
    ),
    ("idle", &["stopAfter", "destroyAfter", "keepVolume"]),
];
/// Container fields that were renamed: (old, new).
const MOVED_CONTAINER_FIELDS: &[(&str, &str)] = &[("host", "server")];
const CLEANUP_FIELDS: &[&str] = &["onCalendar", "randomizedDelay"];
/// The fields of a `tailscale.share` entry.
const SHARE_FIELDS: &[&str] = &["ports", "to"];

pub const DEFAULT_IMAGE_USER: (&str, i64, &str) = ("dev", 1000, "/home/dev");

pub struct Decoded {
    pub images: BTreeMap<String, Image>,
    /// Images whose definition failed to evaluate (already reported).
    pub broken_images: BTreeSet<String>,
    pub broken_servers: BTreeSet<String>,
    pub containers: BTreeMap<String, Container>,
    pub servers: BTreeMap<String, Server>,
    pub cleanup: Cleanup,
    pub op_vault: Spanned<String>,
    pub volumes: BTreeMap<String, Volume>,
    pub allowed_devices: Vec<Spanned<String>>,
}

pub fn decode_containers_file(d: &mut Decoder, root: &Value) -> Option<Decoded> {
    let top_attrs = d.attrs(root, "containers.nix")?;
    d.reject_unknown(&top_attrs, TOP_FIELDS, "containers.nix");
    let top = Fields::new(vec![Rc::clone(&top_attrs)], String::new(), root.span);

    let mut images = BTreeMap::new();
    let mut broken_images = BTreeSet::new();
    for (name, fields) in entries(d, &top, "images", &mut broken_images) {
        for layer in fields.layers() {
            d.reject_unknown(layer, IMAGE_FIELDS, &fields.path);
        }
        images.insert(name.value.clone(), decode_image(d, &fields, name));
    }

    let mut servers = BTreeMap::new();
    let mut broken_servers = BTreeSet::new();
    for (name, fields) in entries(d, &top, "servers", &mut broken_servers) {
        for layer in fields.layers() {
            d.reject_unknown(layer, SERVER_FIELDS, &fields.path);
        }
        servers.insert(name.value.clone(), decode_server(d, &fields, name));
    }
    let none_declared = servers.is_empty() && broken_servers.is_empty();
    let declared: Vec<String> = servers
        .keys()
        .cloned()
        .chain(broken_servers.iter().cloned())
        .collect();
    let default_server = match declared.as_slice() {
        [] => Some(IMPLICIT_SERVER.to_owned()),
        [only] if only != super::BROKEN_ALL => Some(only.clone()),
        _ => None,
    };
    if none_declared {
        servers.insert(
            IMPLICIT_SERVER.to_owned(),
            Server {
                cpus: None,
                gpus: Vec::new(),
                memory: None,
                name: Spanned::new(IMPLICIT_SERVER.to_owned(), root.span),
                podman: None,
                implicit: true,
            },
        );
    }

    let defaults = top.sub(d, "defaults");
    for layer in defaults.layers() {
        reject_unknown_container_fields(d, layer, "defaults");
    }
    let only_image = (images.len() == 1 && broken_images.is_empty())
        .then(|| images.keys().next().cloned())
        .flatten();
    let mut containers = BTreeMap::new();
    for (name, own) in entries(d, &top, "containers", &mut BTreeSet::new()) {
        for layer in own.layers() {
            reject_unknown_container_fields(d, layer, &own.path);
        }
        let mut layers = own.layers().to_vec();
        layers.extend(defaults.layers().iter().cloned());
        let fields = Fields::new(layers, own.path, own.span);
        let server = container_server(d, &fields, &name, default_server.as_deref(), &declared);
        let c = decode_container(d, &fields, name, only_image.as_deref(), server);
        if let Some(c) = c {
            containers.insert(c.name.value.clone(), c);
        }
    }

    let cleanup_fields = top.sub(d, "cleanup");
    for layer in cleanup_fields.layers() {
        d.reject_unknown(layer, CLEANUP_FIELDS, "cleanup");
    }
    let cleanup = Cleanup {
        on_calendar: cleanup_fields
            .string_or(d, "onCalendar", "hourly")
            .unwrap_or_else(|| Spanned::new("hourly".into(), cleanup_fields.span)),
        randomized_delay: cleanup_fields
            .string_or(d, "randomizedDelay", "10m")
            .unwrap_or_else(|| Spanned::new("10m".into(), cleanup_fields.span))
            .map(Duration::parse),
    };
    let one_password = top.sub(d, "onePassword");
    for layer in one_password.layers() {
        d.reject_unknown(layer, ONE_PASSWORD_FIELDS, "onePassword");
    }
    let op_vault = one_password
        .string_or(d, "vault", DEFAULT_OP_VAULT)
        .unwrap_or_else(|| Spanned::new(DEFAULT_OP_VAULT.into(), one_password.span));
    let mut volumes = BTreeMap::new();
    for (name, fields) in entries(d, &top, "volumes", &mut BTreeSet::new()) {
        for layer in fields.layers() {
            d.reject_unknown(layer, VOLUME_FIELDS, &fields.path);
        }
        let keep_on_destroy = fields.bool_or(d, "keepOnDestroy", true);
        volumes.insert(
            name.value.clone(),
            Volume {
                keep_on_destroy,
                name,
            },
        );
    }
    let allowed_devices = top.list_or_empty(d, "allowedDevices", |d, v, field| d.string(v, field));
    Some(Decoded {
        volumes,
        allowed_devices,
        images,
        broken_images,
        containers,
        servers,
        broken_servers,
        cleanup,
        op_vault,
    })
}

fn decode_server(d: &mut Decoder, f: &Fields, name: Spanned<String>) -> Server {
    Server {
        cpus: f.get(d, "cpus").and_then(|v| d.number(&v, f.field("cpus"))),
        gpus: f.list_or_empty(d, "gpus", |d, v, field| d.string(v, field)),
        memory: f
            .get(d, "memory")
            .and_then(|v| d.string(&v, f.field("memory")))
            .map(|m| m.map(Memory::parse)),
        podman: f
            .get(d, "podman")
            .and_then(|v| d.string(&v, f.field("podman")))
            .map(|p| p.map(super::units::PodmanVersion::parse)),
        name,
        implicit: false,
    }
}

/// `containers.<n>.server`, else the only server. With several declared and
/// none named, reports it and answers no server (the spec is refused anyway).
fn container_server(
    d: &mut Decoder,
    f: &Fields,
    name: &Spanned<String>,
    default: Option<&str>,
    declared: &[String],
) -> Spanned<String> {
    if let Some(v) = f.get(d, "server") {
        if let Some(s) = d.string(&v, f.field("server")) {
            return s;
        }
    } else if !f.has("server") {
        match default {
            Some(s) => return Spanned::new(s.to_owned(), name.span),
            None if !declared.contains(&super::BROKEN_ALL.to_owned()) => d.report(
                Diagnostic::error(
                    "spec::missing-field",
                    format!(
                        "container `{}` has no `server`, and there are several",
                        name.value
                    ),
                )
                .with_label(name.span, "which server runs this container?")
                .with_help(format!(
                    "set `server = \"<name>\";` to one of: {}",
                    declared.join(", ")
                )),
            ),
            None => {}
        }
    }
    // Broken or missing: already reported; the empty name is no server, and
    // the rule that checks `server` skips it.
    Spanned::new(String::new(), name.span)
}

/// The named entries of an attribute set field (`images.<name>`), each as
/// Fields; names whose value failed to evaluate go to `broken`.
fn entries(
    d: &mut Decoder,
    top: &Fields,
    field: &str,
    broken: &mut BTreeSet<String>,
) -> Vec<(Spanned<String>, Fields)> {
    let Some(v) = top.get(d, field) else {
        if top.has(field) {
            broken.insert(super::BROKEN_ALL.to_owned());
        }
        return Vec::new();
    };
    let Some(attrs) = d.attrs(&v, field) else {
        broken.insert(super::BROKEN_ALL.to_owned());
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, entry) in attrs.iter() {
        d.name_check(name, entry.key_span, field);
        let path = format!("{field}.{name}");
        let Some(v) = d.force(&entry.value) else {
            broken.insert(name.to_string());
            continue;
        };
        if matches!(v.kind, ValueKind::Unset) {
            continue;
        }
        if let Some(a) = d.attrs(&v, &path) {
            out.push((
                Spanned::new(name.to_string(), entry.key_span),
                Fields::new(vec![a], path, entry.key_span),
            ));
        } else {
            broken.insert(name.to_string());
        }
    }
    out
}

fn reject_unknown_container_fields(d: &mut Decoder, attrs: &Attrs, path: &str) {
    let mut known = CONTAINER_FIELDS.to_vec();
    for (old, new) in MOVED_CONTAINER_FIELDS {
        known.push(old);
        if let Some(entry) = attrs.get(*old) {
            d.report(
                Diagnostic::error(
                    "spec::moved-field",
                    format!("`{old}` in `{path}` is now `{new}`"),
                )
                .with_label(entry.key_span, format!("did you mean `{new}`?"))
                .with_help(format!(
                    "declare the machine as `servers.<name> = {{ }};` and write `{new} = \"<name>\";` (with one server or none, leave it out)"
                )),
            );
        }
    }
    d.reject_unknown(attrs, &known, path);
    for (name, known) in CONTAINER_NESTED {
        let Some(entry) = attrs.get(*name) else {
            continue;
        };
        if let Some(v) = d.force(&entry.value)
            && let ValueKind::Attrs(nested) = &v.kind
        {
            d.reject_unknown(nested, known, format_args!("{path}.{name}"));
        }
    }
}

fn decode_image(d: &mut Decoder, f: &Fields, name: Spanned<String>) -> Image {
    let user = f.sub(d, "user");
    for layer in user.layers() {
        d.reject_unknown(layer, IMAGE_USER_FIELDS, &user.path);
    }
    let editors = f.sub(d, "editors");
    for layer in editors.layers() {
        d.reject_unknown(layer, EDITOR_FIELDS, &editors.path);
    }
    let (uname, uid, home) = DEFAULT_IMAGE_USER;
    Image {
        tag: f
            .string_or(d, "tag", "latest")
            .unwrap_or_else(|| Spanned::new("latest".into(), f.span)),
        packages: f.list_or_empty(d, "packages", |d, v, field| d.package(v, field)),
        max_layers: f
            .int_or(d, "maxLayers", 100)
            .unwrap_or_else(|| Spanned::new(100, f.span)),
        user: ImageUser {
            name: user
                .string_or(d, "name", uname)
                .unwrap_or_else(|| Spanned::new(uname.into(), user.span)),
            uid: user
                .int_or(d, "uid", uid)
                .unwrap_or_else(|| Spanned::new(uid, user.span)),
            home: user
                .string_or(d, "home", home)
                .unwrap_or_else(|| Spanned::new(home.into(), user.span)),
        },
        env: f.string_attrs_or_empty(d, "env"),
        editors: Editors {
            zed: editors.bool_or(d, "zed", false),
            code_server: editors.bool_or(d, "codeServer", false),
        },
        name,
    }
}

fn decode_container(
    d: &mut Decoder,
    f: &Fields,
    name: Spanned<String>,
    only_image: Option<&str>,
    server: Spanned<String>,
) -> Option<Container> {
    let misspelt_owner = || {
        f.names()
            .any(|n| n != "owner" && super::did_you_mean(n, ["owner"]).is_some())
    };
    let owner = match f.get(d, "owner") {
        Some(v) => d.string(&v, f.field("owner")),
        // Present but broken, or misspelt: already reported.
        None if f.has("owner") || misspelt_owner() => None,
        None => {
            d.report(
                crate::diagnostics::Diagnostic::error(
                    "spec::missing-field",
                    format!("container `{}` has no `owner`", name.value),
                )
                .with_label(name.span, "this container needs an owner")
                .with_help("set `owner = \"<user>\";` to a user of users.nix with `devbox.containers.enable = true`"),
            );
            None
        }
    };
    let image = match f.get(d, "image") {
        Some(v) => d.string(&v, f.field("image")),
        None if f.has("image") => None,
        None => only_image.map(|i| Spanned::new(i.to_owned(), name.span)),
    };
    let tailscale = f.sub(d, "tailscale");
    let syncthing = f.sub(d, "syncthing");
    let resources = f.sub(d, "resources");
    let idle = f.sub(d, "idle");
    let cpus = match resources.get(d, "cpus") {
        Some(v) => d.number(&v, resources.field("cpus")),
        None => Some(Spanned::new(Number::Int(2), resources.span)),
    };
    // `owner` last: a broken owner drops the container only after every other
    // field has been decoded (and its problems reported).
    let container = Container {
        image,
        server,
        hostname: f
            .string_or(d, "hostname", &name.value)
            .unwrap_or_else(|| name.clone()),
        tailscale: Tailscale {
            enable: tailscale.bool_or(d, "enable", true),
            ssh: tailscale.bool_or(d, "ssh", true),
            ssh_span: tailscale.get(d, "ssh").map_or(name.span, |v| v.span),
            tags: tailscale.list_or_empty(d, "tags", |d, v, field| d.string(v, field)),
            share: tailscale.list_or_empty(d, "share", decode_share),
        },
        syncthing: Syncthing {
            enable: syncthing.bool_or(d, "enable", false),
            folder: syncthing
                .get(d, "folder")
                .and_then(|v| d.string(&v, syncthing.field("folder"))),
        },
        resources: Resources {
            cpus: cpus.unwrap_or_else(|| Spanned::new(Number::Int(2), resources.span)),
            memory: resources
                .string_or(d, "memory", "4G")
                .unwrap_or_else(|| Spanned::new("4G".into(), resources.span))
                .map(Memory::parse),
            pids: resources
                .int_or(d, "pids", 4096)
                .unwrap_or_else(|| Spanned::new(4096, resources.span)),
            io_weight: resources
                .get(d, "ioWeight")
                .and_then(|v| d.int(&v, resources.field("ioWeight"))),
            swap: resources
                .get(d, "swap")
                .and_then(|v| d.string(&v, resources.field("swap")))
                .map(|s| s.map(Memory::parse)),
            home_size: resources
                .get(d, "homeSize")
                .and_then(|v| d.string(&v, resources.field("homeSize")))
                .map(|s| s.map(Memory::parse)),
        },
        idle: Idle {
            stop_after: nullable_or(d, &idle, "stopAfter", Some("1d"))
                .map(|s| s.map(Duration::parse)),
            destroy_after: nullable_or(d, &idle, "destroyAfter", None)
                .map(|s| s.map(Duration::parse)),
            keep_volume: idle.bool_or(d, "keepVolume", true),
        },
        ports: f.list_or_empty(d, "ports", |d, v, field| d.string(v, field)),
        env: f.string_attrs_or_empty(d, "env"),
        extra_hosts: f.string_attrs_or_empty(d, "extraHosts"),
        extra_hosts_span: f.get(d, "extraHosts").map(|v| v.span),
        auto_start: f.bool_or(d, "autoStart", true),
        mounts: f.list_or_empty(d, "mounts", decode_mount),
        devices: f.list_or_empty(d, "devices", |d, v, field| d.string(v, field)),
        name,
        owner: owner?,
    };
    Some(container)
}

/// One element of `mounts`: `{ target; volume | hostPath | tmpfs; readOnly; }`.
fn decode_mount(d: &mut Decoder, v: &Value, field: &dyn std::fmt::Display) -> Option<Mount> {
    let attrs = d.attrs(v, field)?;
    let path = field.to_string();
    d.reject_unknown(&attrs, MOUNT_FIELDS, &path);
    let f = Fields::new(vec![attrs], path, v.span);
    let optional =
        |d: &mut Decoder, name: &str| f.get(d, name).and_then(|v| d.string(&v, f.field(name)));
    let target = match f.get(d, "target") {
        Some(t) => d.string(&t, f.field("target"))?,
        None => {
            d.report(
                crate::diagnostics::Diagnostic::error(
                    "spec::missing-field",
                    format!("`{}` has no `target`", f.path),
                )
                .with_label(v.span, "this mount needs a target")
                .with_help("set `target = \"/path/in/the/container\";`"),
            );
            return None;
        }
    };
    Some(Mount {
        host_path: optional(d, "hostPath"),
        read_only: f.bool_or(d, "readOnly", false),
        tmpfs: optional(d, "tmpfs").map(|s| s.map(Memory::parse)),
        volume: optional(d, "volume"),
        target,
        span: v.span,
    })
}

/// A duration that may be `null` (never); absent means the default.
fn nullable_or(
    d: &mut Decoder,
    f: &Fields,
    name: &str,
    default: Option<&str>,
) -> Option<Spanned<String>> {
    match f.get(d, name) {
        Some(v) => d.nullable_string(&v, f.field(name)).flatten(),
        None => default.map(|s| Spanned::new(s.to_owned(), f.span)),
    }
}

/// A `tailscale.share` entry: `{ ports = [ 3000 "8000-8010" ]; to = [ "bob" ]; }`.
fn decode_share(d: &mut Decoder, v: &Value, field: &dyn std::fmt::Display) -> Option<super::Share> {
    let attrs = d.attrs(v, field)?;
    d.reject_unknown(&attrs, SHARE_FIELDS, field);
    let f = Fields::new(vec![attrs], field.to_string(), v.span);
    // An empty list, or no field at all; not one that is broken or misspelt
    // (already reported).
    let missing = |d: &mut Decoder, name: &str| match f.get(d, name) {
        Some(v) => matches!(&v.kind, ValueKind::List(items) if items.is_empty()),
        None => {
            !f.has(name)
                && !f
                    .names()
                    .any(|n| n != name && super::did_you_mean(n, [name]).is_some())
        }
    };
    let ports_missing = missing(d, "ports");
    let to_missing = missing(d, "to");
    Some(super::Share {
        ports_missing,
        to_missing,
        ports: f.list_or_empty(d, "ports", |d, v, field| match &v.kind {
            ValueKind::Int(n) => Some(Spanned::new(super::SharePort::Int(*n), v.span)),
            ValueKind::Str(_) => d.string(v, field).map(|s| s.map(super::SharePort::Text)),
            _ => {
                d.type_error(
                    v,
                    "a port (an integer, or a range like \"8000-8010\")",
                    field,
                );
                None
            }
        }),
        to: f.list_or_empty(d, "to", |d, v, field| d.string(v, field)),
        span: v.span,
    })
}
