//! The scripts half of the container side: `images/<image>/entrypoint.sh`, and
//! per owner `users/<owner>/bin/{devbox,devbox-cleanup,devbox-authkey}` with the
//! cleanup timer `users/<owner>/systemd/devbox-cleanup.{service,timer}`.
//! docs/scripts.md says what each does and which environment it reads.

use std::collections::BTreeMap;

use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::FileMode;
use super::layout::{self, AUTHKEY_TARGET, OwnerDir};
use super::owner_keys;
use super::validated;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Container, Duration, Spanned, Spec};
use crate::parallel;

const ENTRYPOINT: &str = "scripts/entrypoint.sh.j2";
const LOGIN_SHELL: &str = "scripts/login-shell.sh.j2";
const HEALTH: &str = "scripts/health.sh.j2";
const OWNER_PARTIAL: &str = "scripts/_owner.sh.j2";
const DEVBOX: &str = "scripts/devbox.sh.j2";
const CLEANUP: &str = "scripts/devbox-cleanup.sh.j2";
const AUTHKEY: &str = "scripts/devbox-authkey.sh.j2";
const CLEANUP_SERVICE: &str = "systemd/devbox-cleanup.service.j2";
const CLEANUP_TIMER: &str = "systemd/devbox-cleanup.timer.j2";
const KEY_PATH: &str = "systemd/devbox-key.path.j2";
const KEY_SERVICE: &str = "systemd/devbox-key.service.j2";

pub const TEMPLATES: Templates = &[
    (
        ENTRYPOINT,
        include_str!("../../templates/scripts/entrypoint.sh.j2"),
    ),
    (
        LOGIN_SHELL,
        include_str!("../../templates/scripts/login-shell.sh.j2"),
    ),
    (HEALTH, include_str!("../../templates/scripts/health.sh.j2")),
    (
        OWNER_PARTIAL,
        include_str!("../../templates/scripts/_owner.sh.j2"),
    ),
    (DEVBOX, include_str!("../../templates/scripts/devbox.sh.j2")),
    (
        CLEANUP,
        include_str!("../../templates/scripts/devbox-cleanup.sh.j2"),
    ),
    (
        AUTHKEY,
        include_str!("../../templates/scripts/devbox-authkey.sh.j2"),
    ),
    (
        CLEANUP_SERVICE,
        include_str!("../../templates/systemd/devbox-cleanup.service.j2"),
    ),
    (
        CLEANUP_TIMER,
        include_str!("../../templates/systemd/devbox-cleanup.timer.j2"),
    ),
    (
        KEY_PATH,
        include_str!("../../templates/systemd/devbox-key.path.j2"),
    ),
    (
        KEY_SERVICE,
        include_str!("../../templates/systemd/devbox-key.service.j2"),
    ),
];

/// Where the entrypoint puts tailscaled's socket inside the container (a
/// non-root tailscaled needs a writable one); the cleanup reaches it with
/// `podman exec … tailscale --socket=…`.
pub const TS_SOCKET: &str = "/tmp/tailscaled.sock";
/// The heartbeat file, relative to the image user's home: shells and editors
/// touch it; its mtime is one of the activity signals.
pub const HEARTBEAT: &str = ".local/state/devbox/heartbeat";
/// The owner's shell name, relative to the home: the entrypoint writes it,
/// the image user's login shell reads it.
pub const SHELL_FILE: &str = ".local/state/devbox/shell";
/// Syncthing's GUI and code-server, on the container's loopback (the owner's
/// Mac forwards a local port to them over SSH).
pub const SYNCTHING_GUI: (&str, u16) = ("127.0.0.1", 8384);
pub const CODE_SERVER: (&str, u16) = ("127.0.0.1", 8080);
/// The id of the container's folder in its Syncthing config.
pub const SYNC_FOLDER_ID: &str = "devbox-sync";

#[derive(Debug, Serialize)]
struct ImageView {
    name: String,
    home: String,
    ts_socket: &'static str,
    authkey_file: &'static str,
    heartbeat: &'static str,
    shell_file: &'static str,
    syncthing_gui: String,
    code_server: String,
    sync_folder_id: &'static str,
}

/// One container as the owner's scripts see it.
#[derive(Debug, Serialize)]
struct ScriptContainer {
    name: String,
    unit: String,
    container_name: String,
    volume_name: String,
    volume_unit: String,
    /// A capped home's host directory (emptied when the container is
    /// destroyed without keepVolume); `""`: a plain volume.
    home_dir: String,
    hostname: String,
    heartbeat: String,
    /// Seconds; 0: never.
    stop_after: u64,
    destroy_after: u64,
    keep_volume: u8,
    /// Its podman volumes, space-separated: the home and the named ones (`devbox list`).
    volumes: String,
    /// The named volumes removed with the last destroyed container that
    /// mounts them (`keepOnDestroy = false`), space-separated.
    removable: String,
    tailscale: u8,
    /// It needs files of the key dir (the key, secrets) to start.
    keyed: u8,
    auto_start: u8,
}

#[derive(Debug, Serialize)]
struct OwnerView {
    name: String,
    uid: i64,
    /// What root reads for the owner: the key (with Tailscale), then their secrets.
    items: Vec<owner_keys::KeyItem>,
    key_dir: String,
    bin_dir: String,
    /// The root unit that fetches the key (`devbox-authkey-<owner>`).
    authkey_unit: String,
    ts_socket: &'static str,
    on_calendar: String,
    randomized_delay_sec: u64,
    containers: Vec<ScriptContainer>,
}

fn script_container(spec: &Spec, c: &Container) -> Result<ScriptContainer, Diagnostic> {
    // Only the names: building the whole `ContainerView` here cost a quarter
    // of the owner scripts' time.
    let name = &c.name.value;
    let home = &validated::image_of(spec, c)?.user.home.value;
    let mut named: Vec<&crate::model::Volume> = c
        .mounts
        .iter()
        .filter_map(|m| m.volume.as_ref().and_then(|v| spec.volumes.get(&v.value)))
        .collect();
    named.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    named.dedup_by(|a, b| a.name.value == b.name.value);
    let seconds = |d: Option<&Spanned<Duration>>| d.map_or(Ok(0), |d| validated::seconds(&d.value));
    Ok(ScriptContainer {
        unit: layout::container_unit(name),
        volume_unit: layout::volume_unit(name),
        heartbeat: format!("{}/{HEARTBEAT}", home.trim_end_matches('/')),
        stop_after: seconds(c.idle.stop_after.as_ref())?,
        destroy_after: seconds(c.idle.destroy_after.as_ref())?,
        keep_volume: u8::from(c.idle.keep_volume),
        volumes: std::iter::once(layout::home_volume_name(c))
            .chain(
                named
                    .iter()
                    .map(|v| layout::named_volume_name(&v.name.value)),
            )
            .collect::<Vec<_>>()
            .join(" "),
        removable: named
            .iter()
            .filter(|v| !v.keep_on_destroy)
            .map(|v| layout::named_volume_name(&v.name.value))
            .collect::<Vec<_>>()
            .join(" "),
        tailscale: u8::from(c.tailscale.enable),
        keyed: u8::from(!owner_keys::container_items(spec, c).is_empty()),
        auto_start: u8::from(c.auto_start),
        name: name.clone(),
        container_name: layout::container_name(name),
        volume_name: layout::home_volume_name(c),
        home_dir: if c.resources.home_size.is_some() {
            layout::home_dir(&c.owner.value, name)
        } else {
            String::new()
        },
        hostname: c.hostname.value.clone(),
    })
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    for image in spec.images.values() {
        let view = ImageView {
            name: image.name.value.clone(),
            home: image.user.home.value.clone(),
            ts_socket: TS_SOCKET,
            authkey_file: AUTHKEY_TARGET,
            heartbeat: HEARTBEAT,
            shell_file: SHELL_FILE,
            syncthing_gui: format!("{}:{}", SYNCTHING_GUI.0, SYNCTHING_GUI.1),
            code_server: format!("{}:{}", CODE_SERVER.0, CODE_SERVER.1),
            sync_folder_id: SYNC_FOLDER_ID,
        };
        let ctx = context! { i => Value::from(Serde(&view)) };
        for (file, template) in [
            ("entrypoint.sh", ENTRYPOINT),
            ("login-shell.sh", LOGIN_SHELL),
            ("health.sh", HEALTH),
        ] {
            tree.add(
                layout::image_file(&view.name, file),
                r.render(template, ctx.clone())?,
                FileMode::Executable,
            );
        }
    }

    // An owner's files on each server list that server's containers only.
    let mut by_owner: BTreeMap<(&str, &str), Vec<&Container>> = BTreeMap::new();
    for c in spec.containers.values() {
        by_owner
            .entry((c.server.value.as_str(), c.owner.value.as_str()))
            .or_default()
            .push(c);
    }
    // Each owner's files depend on nothing else: render them in parallel.
    let owners: Vec<((&str, &str), Vec<&Container>)> = by_owner.into_iter().collect();
    let tailnet = owner_keys::TailnetOwners::of(spec);
    let rendered = parallel::map(&owners, |((server, owner), containers)| {
        let server = layout::ServerDir::of(spec, server);
        owner_files(r, spec, &server, owner, containers, &tailnet)
    });
    for files in rendered {
        for (path, text, mode) in files? {
            tree.add(path, text, mode);
        }
    }
    Ok(())
}

/// One owner's scripts and cleanup units: (path, text, mode).
fn owner_files(
    r: &Renderer,
    spec: &Spec,
    server: &layout::ServerDir,
    owner: &str,
    containers: &[&Container],
    tailnet: &owner_keys::TailnetOwners,
) -> Result<Vec<(String, String, FileMode)>, Diagnostic> {
    let items = owner_keys::owner_items(spec, owner, tailnet);
    let view = OwnerView {
        name: owner.to_owned(),
        uid: validated::uid_of(spec, owner)?,
        items,
        key_dir: layout::key_dir(owner),
        bin_dir: layout::bin_dir(owner),
        authkey_unit: layout::authkey_units(owner).0,
        ts_socket: TS_SOCKET,
        on_calendar: spec.cleanup.on_calendar.value.clone(),
        randomized_delay_sec: validated::seconds(&spec.cleanup.randomized_delay.value)?,
        containers: containers
            .iter()
            .map(|c| script_container(spec, c))
            .collect::<Result<_, _>>()?,
    };
    let ctx = context! { o => Value::from(Serde(&view)) };
    let mut files = Vec::with_capacity(7);
    // The user units that take the owner's auth key and secrets when they arrive.
    let key_units: &[(OwnerDir, &str, &str, FileMode)] = if containers
        .iter()
        .any(|c| !owner_keys::container_items(spec, c).is_empty())
    {
        &[
            (
                OwnerDir::Systemd,
                "devbox-key.path",
                KEY_PATH,
                FileMode::Regular,
            ),
            (
                OwnerDir::Systemd,
                "devbox-key.service",
                KEY_SERVICE,
                FileMode::Regular,
            ),
        ]
    } else {
        &[]
    };
    for &(dir, file, template, mode) in [
        (OwnerDir::Bin, "devbox", DEVBOX, FileMode::Executable),
        (
            OwnerDir::Bin,
            "devbox-cleanup",
            CLEANUP,
            FileMode::Executable,
        ),
        (
            OwnerDir::Bin,
            "devbox-authkey",
            AUTHKEY,
            FileMode::Executable,
        ),
        (
            OwnerDir::Systemd,
            "devbox-cleanup.service",
            CLEANUP_SERVICE,
            FileMode::Regular,
        ),
        (
            OwnerDir::Systemd,
            "devbox-cleanup.timer",
            CLEANUP_TIMER,
            FileMode::Regular,
        ),
    ]
    .iter()
    .chain(key_units)
    {
        files.push((
            layout::owner_file(server, owner, dir, file),
            r.render(template, ctx.clone())?,
            mode,
        ));
    }
    Ok(files)
}
