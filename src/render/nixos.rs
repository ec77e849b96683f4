//! `nixos/default.nix` (or `nixos/<server>/default.nix`, one per declared
//! server), the NixOS module that installs a server's part of the tree on it,
//! and the tree's root `default.nix`. Both read the tree
//! rendered so far (quadlet files, owner scripts and units, images, darwin),
//! so they come after the groups that write those files in `ARTIFACTS`.

use std::collections::{BTreeMap, BTreeSet};

use camino::Utf8Path;
use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::FileMode;
use super::layout::{self, KEY_ROOT, OwnerDir, ServerDir, bin_dir, image_ref, image_unit};
use super::validated;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{PodmanTarget, Spec};

const MODULE: &str = "nixos/default.nix.j2";
const ROOT: &str = "root/default.nix.j2";
const RECONCILE: &str = "nixos/devbox-reconcile.sh.j2";
const HOME_QUOTA: &str = "nixos/devbox-home-quota.sh.j2";

pub const TEMPLATES: Templates = &[
    (MODULE, include_str!("../../templates/nixos/default.nix.j2")),
    (ROOT, include_str!("../../templates/root/default.nix.j2")),
    (
        RECONCILE,
        include_str!("../../templates/nixos/devbox-reconcile.sh.j2"),
    ),
    (
        HOME_QUOTA,
        include_str!("../../templates/nixos/devbox-home-quota.sh.j2"),
    ),
];

/// The reconcile script of the tree, run after a switch in each user manager.
const RECONCILE_FILE: &str = "nixos/devbox-reconcile.sh";

/// The 1Password CLI's package name (`lib.getName pkgs._1password-cli`), the
/// one unfree package the module allows.
pub const OP_CLI_NAME: &str = "1password-cli";

/// A file of the tree installed under `/etc`.
#[derive(Debug, Serialize)]
struct EtcFile {
    /// Relative to `/etc`.
    target: String,
    /// Relative to the tree root, with a leading `/`.
    source: String,
    executable: bool,
}

/// `users/<owner>/systemd/<name>.<ext>` installed as the user unit `<name>-<owner>.<ext>`.
#[derive(Debug, Serialize)]
struct UserUnit {
    name: String,
    source: String,
    /// The target that pulls it in: timers and path units are enabled.
    wanted_by: Option<&'static str>,
}

/// A container as the reconcile after a switch sees it.
#[derive(Debug, Serialize)]
struct ReconcileContainer {
    name: String,
    image: String,
    auto_start: u8,
    /// Its Quadlet files, relative to the tree root with a leading `/`: their
    /// text and the image's store path make the container's key.
    files: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Authkey {
    /// `devbox-authkey-<owner>` (system service, before the owner's user manager).
    unit: String,
    /// `devbox-authkey-refresh-<owner>` (service and hourly timer).
    refresh: String,
    /// `/etc/devbox/users/<owner>/bin/devbox-authkey`, run as `… fetch`.
    exec_path: String,
}

/// The capped homes of an owner on one server (`resources.homeSize`): the
/// root unit that makes them and sets their quotas.
#[derive(Debug, Serialize)]
struct HomeQuota {
    /// `devbox-home-quota-<owner>` (system service, before the owner's user manager).
    unit: String,
    caps: Vec<HomeCap>,
}

#[derive(Debug, Serialize)]
struct HomeCap {
    name: String,
    /// Added to `devbox.homeProjectIdBase` (see `layout::home_project_offsets`).
    offset: u32,
    bytes: u64,
}

#[derive(Debug, Serialize)]
struct Owner {
    name: String,
    uid: i64,
    etc: Vec<EtcFile>,
    units: Vec<UserUnit>,
    /// `/etc/devbox/users/<owner>/bin/devbox`, when the tree has it.
    command: Option<String>,
    authkey: Option<Authkey>,
    /// The image loader units of the owner's containers (`devbox-image-<image>.service`).
    image_units: Vec<String>,
    containers: Vec<ReconcileContainer>,
    /// Their host root and the `hostPath` directories under it (with the
    /// ones between), made by systemd.tmpfiles with the owner's ownership.
    host_dirs: Vec<String>,
    home_quota: Option<HomeQuota>,
}

#[derive(Debug, Serialize)]
struct Loader {
    image: String,
    /// Without `.service`: the attribute name in `systemd.user.services`.
    unit: String,
    reference: String,
    conditions: Vec<String>,
}

/// The tree files under `users/<owner>/<kind>/`, as (file name, path).
fn owner_files<'a>(
    tree: &'a TreeBuilder,
    server: &ServerDir,
    owner: &str,
    kind: OwnerDir,
) -> Vec<(&'a str, &'a Utf8Path)> {
    tree.files_in(Utf8Path::new(&layout::owner_dir(server, owner, kind)))
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| (n, p)))
        .collect()
}

fn rooted(p: &Utf8Path) -> String {
    format!("/{p}")
}

fn internal(msg: String) -> Diagnostic {
    Diagnostic::error("render::template", msg)
}

/// The owners of the containers on `server`, with those containers only.
fn owners(
    spec: &Spec,
    tree: &TreeBuilder,
    server: &str,
    dir: &ServerDir,
) -> Result<Vec<Owner>, Diagnostic> {
    let mut images_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    // Owners for whom root reads 1Password: a Tailscale container, or a secret.
    let mut keyed_owners: BTreeSet<&str> = BTreeSet::new();
    let mut containers_of: BTreeMap<&str, Vec<ReconcileContainer>> = BTreeMap::new();
    let mut host_dirs_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let offsets = layout::home_project_offsets(spec);
    let mut caps_of: BTreeMap<&str, Vec<HomeCap>> = BTreeMap::new();
    for c in spec.containers_on(server) {
        let owner = c.owner.value.as_str();
        if let Some(size) = &c.resources.home_size {
            let name = &c.name.value;
            caps_of.entry(owner).or_default().push(HomeCap {
                name: name.clone(),
                offset: offsets.get(name).copied().ok_or_else(|| {
                    internal(format!("no project id for the capped home of {name}"))
                })?,
                bytes: size.value.bytes.ok_or_else(|| {
                    internal(format!("the home size of {name} was not validated"))
                })?,
            });
        }
        for source in c.mounts.iter().filter_map(|m| m.host_source(owner)) {
            let root = layout::host_root(owner);
            let dirs = host_dirs_of.entry(owner).or_default();
            dirs.insert(root.clone());
            // Validation keeps `source` inside `root`.
            let rel = source.strip_prefix(&root).unwrap_or_default();
            let mut dir = root;
            for part in rel.split('/').filter(|p| !p.is_empty()) {
                dir = format!("{dir}/{part}");
                dirs.insert(dir.clone());
            }
        }
        let name = &c.name.value;
        containers_of
            .entry(owner)
            .or_default()
            .push(ReconcileContainer {
                name: name.clone(),
                image: validated::image_of(spec, c)?.name.value.clone(),
                auto_start: u8::from(c.auto_start),
                files: [layout::container_file(name), layout::volume_file(name)]
                    .into_iter()
                    .chain(
                        c.mounts
                            .iter()
                            .filter_map(|m| m.volume.as_ref())
                            .map(|v| layout::named_volume_file(&v.value))
                            .collect::<BTreeSet<_>>(),
                    )
                    .map(|f| {
                        format!(
                            "/{}",
                            layout::owner_file(dir, owner, layout::OwnerDir::Quadlet, &f)
                        )
                    })
                    .collect(),
            });
        let images = images_of.entry(owner).or_default();
        if let Some(i) = &c.image {
            images.insert(i.value.as_str());
        }
        // Root reads for the owner: their key, their secrets.
        if !super::owner_keys::container_items(spec, c).is_empty() {
            keyed_owners.insert(owner);
        }
    }
    let mut out = Vec::new();
    for (name, images) in images_of {
        let uid = validated::uid_of(spec, name)?;
        let mut etc = Vec::new();
        for (file, path) in owner_files(tree, dir, name, OwnerDir::Quadlet) {
            etc.push(EtcFile {
                target: format!("{}/{file}", layout::quadlet_user_dir(uid)),
                source: rooted(path),
                executable: false,
            });
        }
        let bin = bin_dir(name);
        let mut command = None;
        for (file, path) in owner_files(tree, dir, name, OwnerDir::Bin) {
            let target = format!("{bin}/{file}");
            if file == "devbox" {
                command = Some(target.clone());
            }
            etc.push(EtcFile {
                target: target.trim_start_matches("/etc/").to_owned(),
                source: rooted(path),
                executable: true,
            });
        }
        let mut units = Vec::new();
        for (file, path) in owner_files(tree, dir, name, OwnerDir::Systemd) {
            let Some(unit) = layout::owner_unit(file, name) else {
                return Err(internal(format!("unit file without a type: {path}")));
            };
            let wanted_by = if file.ends_with(".timer") {
                Some("timers.target")
            } else if file.ends_with(".path") {
                Some("default.target")
            } else {
                None
            };
            units.push(UserUnit {
                name: unit,
                source: rooted(path),
                wanted_by,
            });
        }
        let authkey = keyed_owners.contains(name).then(|| {
            let (unit, refresh) = layout::authkey_units(name);
            Authkey {
                unit,
                refresh,
                exec_path: format!("{bin}/devbox-authkey"),
            }
        });
        out.push(Owner {
            name: name.to_owned(),
            uid,
            etc,
            units,
            command,
            authkey,
            image_units: images.iter().map(|i| image_unit(i)).collect(),
            containers: containers_of.remove(name).unwrap_or_default(),
            host_dirs: host_dirs_of
                .remove(name)
                .map(|d| d.into_iter().collect())
                .unwrap_or_default(),
            home_quota: caps_of.remove(name).map(|caps| HomeQuota {
                unit: layout::home_quota_unit(name),
                caps,
            }),
        });
    }
    Ok(out)
}

/// The image loaders of `server`: the images its containers use.
fn loaders(spec: &Spec, server: &str) -> Vec<Loader> {
    spec.images
        .values()
        .map(|image| {
            let name = &image.name.value;
            let users: BTreeSet<&str> = spec
                .containers_on(server)
                .filter(|c| c.image.as_ref().is_some_and(|i| &i.value == name))
                .map(|c| c.owner.value.as_str())
                .collect();
            let unit = image_unit(name);
            Loader {
                image: name.clone(),
                unit: unit.trim_end_matches(".service").to_owned(),
                reference: image_ref(name, &image.tag.value),
                conditions: users.iter().map(|u| format!("|{u}")).collect(),
            }
        })
        // An image no container (of this server) uses is built (images/) but
        // loaded for nobody.
        .filter(|l| !l.conditions.is_empty())
        .collect()
}

/// `/run/devbox/keys` → `["/run/devbox", "/run/devbox/keys"]`: the directories
/// the authkey units make (mode 0755) before their sandbox needs them.
fn key_root_dirs() -> Vec<&'static str> {
    let mut dirs: Vec<&str> = KEY_ROOT
        .match_indices('/')
        .map(|(i, _)| &KEY_ROOT[..i])
        .filter(|d| !d.is_empty() && *d != "/run")
        .collect();
    dirs.push(KEY_ROOT);
    dirs
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let implicit = spec.servers_implicit();
    for server in spec.servers.keys() {
        let dir = ServerDir::of(spec, server);
        let owners = owners(spec, tree, server, &dir)?;
        let loaders = loaders(spec, server);
        let text = r.render(
            MODULE,
            context! {
                owners => Value::from(Serde(&owners)),
                loaders => Value::from(Serde(&loaders)),
                op_cli => OP_CLI_NAME,
                key_root => KEY_ROOT,
                // The keys directory and its parents under /run, outermost first.
                key_root_dirs => key_root_dirs(),
                // `None` for a spec without `servers`: the one-server module.
                server => (!implicit).then_some(server.as_str()),
                module_path => &dir.module,
                tree_from_module => dir.tree_from_module,
                // Made only for an owner whose containers mount host directories.
                host_root => owners.iter().any(|o| !o.host_dirs.is_empty()).then_some(layout::HOST_ROOT),
                // The NVIDIA container toolkit writes the CDI spec of the host's
                // GPUs (`nvidia.com/gpu=…`, /var/run/cdi) that podman resolves
                // `AddDevice=` names with: enabled only when a container of this
                // server asks for a GPU.
                gpu => spec.containers_on(server).any(crate::validate::devices::wants_gpu),
                podman => podman_floor(spec, server),
                delegate_io => spec.containers_on(server).any(|c| c.resources.io_weight.is_some()),
                home_quota => owners.iter().any(|o| o.home_quota.is_some()),
                home_quota_script => layout::HOME_QUOTA_SCRIPT,
            },
        )?;
        tree.add(dir.module.clone(), text, FileMode::Regular);
    }
    // Shared by every server's module; only for a spec with a capped home.
    if spec
        .containers
        .values()
        .any(|c| c.resources.home_size.is_some())
    {
        tree.add(
            layout::HOME_QUOTA_SCRIPT,
            r.render(HOME_QUOTA, context! { homes_root => layout::HOMES_ROOT })?,
            FileMode::Executable,
        );
    }
    tree.add(
        RECONCILE_FILE,
        r.render(
            RECONCILE,
            context! {
                image_repository_prefix => layout::image_repository(""),
                container_prefix => layout::container_name(""),
            },
        )?,
        FileMode::Executable,
    );
    Ok(())
}

/// A server's module as the root `default.nix` exposes it.
#[derive(Debug, Serialize)]
struct RootModule {
    name: String,
    /// The module's directory, relative to the tree root.
    dir: String,
}

/// The podman a server's module asserts (the target of its containers'
/// units), and where that target was chosen.
fn podman_floor(spec: &Spec, server: &str) -> (String, String) {
    let target = spec.podman_target_of(server);
    let from = match &target {
        PodmanTarget::Server { server, .. } => format!("servers.{server}.podman of containers.nix"),
        PodmanTarget::Flag(_) => "devbox-gen --podman-version".to_owned(),
        PodmanTarget::Default => "devbox-gen's default target".to_owned(),
    };
    (target.version().to_string(), from)
}

/// The root `default.nix`: one attribute per consumer folder the tree has.
pub fn render_root(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let has = |p: &str| tree.contains(p);
    // Declared servers: `nixosModules.<server>`, and `.default` while there is one.
    let servers: Vec<RootModule> = if spec.servers_implicit() {
        Vec::new()
    } else {
        spec.servers
            .keys()
            .map(|name| RootModule {
                name: name.clone(),
                dir: ServerDir::of(spec, name).module_dir().to_owned(),
            })
            .collect()
    };
    let text = r.render(
        ROOT,
        context! {
            nixos => has(layout::NIXOS_MODULE),
            servers => Value::from(Serde(&servers)),
            images => has(layout::IMAGES_INDEX),
            darwin => has(layout::DARWIN_INDEX),
        },
    )?;
    tree.add(layout::ROOT_INDEX, text, FileMode::Regular);
    Ok(())
}
