//! The Macs: `darwin/<host>/default.nix` (nix-darwin module),
//! `darwin/<host>/home.nix` (home-manager module of the host's user),
//! `darwin/<host>/aerospace.toml`, and `darwin/default.nix`, which builds
//! `darwinConfigurations` from the flake inputs the user passes.
//!
//! aerospace.toml is AeroSpace's own default config (minus its workspace
//! bindings), then the bindings of `workspaces` × `modifier`, then the user's
//! `bindings`; each layer replaces a binding of the one before with the same
//! normalised key, and an empty command list removes it.

use std::collections::BTreeMap;

use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::FileMode;
use super::layout;
use super::scripts;
use super::validated;
use super::{Renderer, Templates, TreeBuilder};
use crate::aerospace::defaults::{self, Setting};
use crate::aerospace::{keys, workspace_key};
use crate::diagnostics::Diagnostic;
use crate::model::Spec;
use crate::model::darwin::{DarwinHost, Data};

const HOST_MODULE: &str = "darwin/host.nix.j2";
const HOME_MODULE: &str = "darwin/home.nix.j2";
const AEROSPACE: &str = "darwin/aerospace.toml.j2";
const ENTRY: &str = "darwin/default.nix.j2";

pub const TEMPLATES: Templates = &[
    (
        HOST_MODULE,
        include_str!("../../templates/darwin/host.nix.j2"),
    ),
    (
        HOME_MODULE,
        include_str!("../../templates/darwin/home.nix.j2"),
    ),
    (
        AEROSPACE,
        include_str!("../../templates/darwin/aerospace.toml.j2"),
    ),
    (ENTRY, include_str!("../../templates/darwin/default.nix.j2")),
];

#[derive(Debug, Serialize)]
struct HostView {
    name: String,
    system: String,
    host_name: String,
    user: String,
    home: String,
    state_version: i64,
    home_state_version: String,
    packages: Vec<String>,
    casks: Vec<String>,
    defaults: BTreeMap<String, Data>,
    aerospace: Option<AerospaceView>,
    /// `programs.ssh.matchBlocks`: container name → its tailnet host and user.
    ssh: BTreeMap<String, SshBlock>,
    /// `programs.zed-editor.userSettings.ssh_connections`.
    zed: Vec<ZedConnection>,
    syncthing: Vec<SyncthingPeer>,
    code_servers: Vec<CodeServerView>,
    /// Some container of this user is on the tailnet: the Mac joins it.
    tailscale: bool,
}

#[derive(Debug, Serialize)]
struct SshBlock {
    hostname: String,
    user: String,
    /// home-manager's `localForwards`: Syncthing's GUI and code-server,
    /// which listen on the container's loopback only.
    #[serde(rename = "localForwards", skip_serializing_if = "Vec::is_empty")]
    local_forwards: Vec<LocalForward>,
}

#[derive(Debug, Serialize)]
struct LocalForward {
    bind: ForwardBind,
    host: ForwardHost,
}

#[derive(Debug, Serialize)]
struct ForwardBind {
    port: u16,
}

#[derive(Debug, Serialize)]
struct ForwardHost {
    address: &'static str,
    port: u16,
}

fn forward(local: u16, (address, port): (&'static str, u16)) -> LocalForward {
    LocalForward {
        bind: ForwardBind { port: local },
        host: ForwardHost { address, port },
    }
}

/// The Mac's local ports for the containers' Syncthing GUIs and code-servers:
/// one each, counted up from these (the Mac's own Syncthing has 8384).
const SYNCTHING_LOCAL_BASE: u16 = 18384;
const CODE_SERVER_LOCAL_BASE: u16 = 28080;

#[derive(Debug, Serialize)]
struct ZedConnection {
    host: String,
    username: String,
    nickname: String,
    projects: Vec<ZedProject>,
}

#[derive(Debug, Serialize)]
struct ZedProject {
    paths: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SyncthingPeer {
    container: String,
    hostname: String,
    folder: String,
    /// `http://localhost:<gui_port>` on the Mac while `ssh <container>` runs.
    gui_port: u16,
}

#[derive(Debug, Serialize)]
struct CodeServerView {
    container: String,
    port: u16,
}

#[derive(Debug, Serialize)]
struct AerospaceView {
    start_at_login: bool,
    settings: Vec<(&'static str, serde_json::Value)>,
    key_mapping_preset: &'static str,
    persistent_workspaces: Vec<String>,
    /// `(inner, horizontal, 10)`: `inner.horizontal = 10` under `[gaps]`.
    gaps: Vec<(&'static str, &'static str, i64)>,
    main_bindings: Vec<(String, Vec<String>)>,
    service_bindings: Vec<(String, Vec<String>)>,
    window_rules: Vec<WindowRuleView>,
}

#[derive(Debug, Serialize)]
struct WindowRuleView {
    app_id: String,
    run: Vec<String>,
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let Some(darwin) = &spec.darwin else {
        return Ok(());
    };
    let mut hosts = Vec::new();
    for host in darwin.hosts.values() {
        let view = HostView::new(spec, host)?;
        let file = |f: &str| layout::darwin_file(&host.name.value, f);
        let ctx = context! { h => Value::from(Serde(&view)) };
        tree.add(
            file("default.nix"),
            r.render(HOST_MODULE, ctx.clone())?,
            FileMode::Regular,
        );
        tree.add(
            file("home.nix"),
            r.render(HOME_MODULE, ctx.clone())?,
            FileMode::Regular,
        );
        if view.aerospace.is_some() {
            tree.add(
                file("aerospace.toml"),
                r.render(AEROSPACE, ctx)?,
                FileMode::Regular,
            );
        }
        hosts.push(host.name.value.clone());
    }
    tree.add(
        layout::DARWIN_INDEX,
        r.render(ENTRY, context! { hosts => hosts })?,
        FileMode::Regular,
    );
    Ok(())
}

impl HostView {
    fn new(spec: &Spec, host: &DarwinHost) -> Result<Self, Diagnostic> {
        let user = host.user.value.clone();
        let mut ssh = BTreeMap::new();
        let mut zed = Vec::new();
        let mut syncthing = Vec::new();
        let mut code_servers = Vec::new();
        for c in spec.containers.values() {
            if c.owner.value != user || !c.tailscale.enable {
                continue;
            }
            let image = validated::image_of(spec, c)?;
            let (login, home) = (image.user.name.value.clone(), image.user.home.value.clone());
            let mut local_forwards = Vec::new();
            if c.syncthing.enable {
                let gui_port = SYNCTHING_LOCAL_BASE + port_offset(syncthing.len())?;
                local_forwards.push(forward(gui_port, scripts::SYNCTHING_GUI));
                syncthing.push(SyncthingPeer {
                    container: c.name.value.clone(),
                    hostname: c.hostname.value.clone(),
                    folder: layout::syncthing_folder(c, image),
                    gui_port,
                });
            }
            if image.editors.code_server {
                let port = CODE_SERVER_LOCAL_BASE + port_offset(code_servers.len())?;
                local_forwards.push(forward(port, scripts::CODE_SERVER));
                code_servers.push(CodeServerView {
                    container: c.name.value.clone(),
                    port,
                });
            }
            ssh.insert(
                c.name.value.clone(),
                SshBlock {
                    hostname: c.hostname.value.clone(),
                    user: login.clone(),
                    local_forwards,
                },
            );
            zed.push(ZedConnection {
                host: c.hostname.value.clone(),
                username: login,
                nickname: c.name.value.clone(),
                projects: vec![ZedProject {
                    paths: vec![home.clone()],
                }],
            });
        }
        Ok(HostView {
            name: host.name.value.clone(),
            system: host.system.value.clone(),
            host_name: host.host_name.value.clone(),
            home: format!("/Users/{user}"),
            user,
            state_version: host.state_version.value,
            home_state_version: host.home_state_version.value.clone(),
            packages: host.packages.iter().map(|p| p.value.0.clone()).collect(),
            casks: host.casks.iter().map(|c| c.value.clone()).collect(),
            defaults: host.defaults.clone(),
            aerospace: host.aerospace.enable.then(|| AerospaceView::new(host)),
            tailscale: !ssh.is_empty(),
            ssh,
            zed,
            syncthing,
            code_servers,
        })
    }
}

/// The n-th forwarded port above its base; the two ranges do not overlap
/// below 9000 containers of one user.
fn port_offset(n: usize) -> Result<u16, Diagnostic> {
    u16::try_from(n)
        .ok()
        .filter(|n| *n < 9000)
        .ok_or_else(|| Diagnostic::error("render::template", "too many forwarded ports"))
}

/// Bindings in order, replaced by normalised key.
#[derive(Default)]
struct Bindings(Vec<(String, Vec<String>)>);

impl Bindings {
    fn set(&mut self, key: &str, commands: Vec<String>) {
        // Validation rejected keys that do not parse; skip them defensively.
        let Ok(k) = keys::parse(key) else {
            return;
        };
        let norm = k.normalized();
        match self.0.iter().position(|(n, _)| *n == norm) {
            Some(i) if commands.is_empty() => {
                self.0.remove(i);
            }
            Some(i) => self.0[i].1 = commands,
            None if commands.is_empty() => {}
            None => self.0.push((norm, commands)),
        }
    }

    fn from_table(table: &[(&str, &[&str])]) -> Self {
        let mut b = Bindings::default();
        for (key, cmds) in table {
            b.set(key, cmds.iter().map(|c| (*c).to_owned()).collect());
        }
        b
    }
}

impl AerospaceView {
    fn new(host: &DarwinHost) -> Self {
        let a = &host.aerospace;
        let mut main = Bindings::from_table(defaults::MAIN_BINDINGS);
        let m = &a.modifier.value;
        for w in &a.workspaces {
            if let Some(k) = workspace_key(&w.value) {
                main.set(&format!("{m}-{k}"), vec![format!("workspace {}", w.value)]);
                main.set(
                    &format!("{m}-shift-{k}"),
                    vec![format!("move-node-to-workspace {}", w.value)],
                );
            }
        }
        for b in &a.bindings {
            main.set(
                &b.key.value,
                b.commands.iter().map(|c| c.value.clone()).collect(),
            );
        }
        let settings = defaults::SETTINGS
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Setting::Bool(b) => serde_json::Value::from(*b),
                    Setting::Int(i) => serde_json::Value::from(*i),
                    Setting::Str(s) => serde_json::Value::from(*s),
                    Setting::Commands(c) => serde_json::Value::from(c.to_vec()),
                };
                (*k, v)
            })
            .collect();
        AerospaceView {
            start_at_login: a.start_at_login,
            settings,
            key_mapping_preset: defaults::KEY_MAPPING_PRESET,
            persistent_workspaces: a.workspaces.iter().map(|w| w.value.clone()).collect(),
            gaps: a
                .gaps
                .all()
                .iter()
                .map(|(k, g)| {
                    let (table, side) = k.split_once('.').unwrap_or(("", k));
                    (table, side, g.value)
                })
                .collect(),
            main_bindings: main.0,
            service_bindings: Bindings::from_table(defaults::SERVICE_BINDINGS).0,
            window_rules: a
                .on_window_detected
                .iter()
                .map(|r| WindowRuleView {
                    app_id: r.app_id.value.clone(),
                    run: r.run.iter().map(|c| c.value.clone()).collect(),
                })
                .collect(),
        }
    }
}
