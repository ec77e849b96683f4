//! The typed spec: what users.nix and containers.nix mean once decoded, with
//! defaults filled in. Every field that a later rule or template may complain
//! about keeps the span where its value was written (or, for a default, the
//! span of the entry it applies to).

mod containers;
pub mod darwin;
mod decode;
mod modules;
pub mod podman;
pub mod quadlet_keys;
pub mod tailnet;
pub mod units;
mod users;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::eval::{Evaluator, Value};
use crate::source::Span;

pub use podman::PodmanVersion;

pub use crate::diagnostics::{did_you_mean, guess_or};
pub use decode::Decoder;
pub use units::{Duration, Memory};

/// A value and where it was written. Serialises as the bare value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Spanned<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// The same place, a value derived from this one.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }
}

/// The serialised structs below declare their fields in the byte order of
/// their JSON names: `eval` streams them, and its output has sorted keys as a
/// `serde_json::Value` would (a test checks every struct).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    /// `allowedDevices` of containers.nix: device paths besides `/dev/fuse`
    /// that a container may list in `devices`.
    pub allowed_devices: Vec<Spanned<String>>,
    pub cleanup: Cleanup,
    pub containers: BTreeMap<String, Container>,
    /// darwin.nix, when the spec has one.
    pub darwin: Option<darwin::Darwin>,
    pub images: BTreeMap<String, Image>,
    /// `onePassword.vault` of containers.nix: the default vault of the auth keys.
    pub op_vault: Spanned<String>,
    /// `servers.<name>` of containers.nix; with none declared, one implicit
    /// server ([`IMPLICIT_SERVER`]) holds every container.
    pub servers: BTreeMap<String, Server>,
    pub users: BTreeMap<String, User>,
    /// `volumes.<name>` of containers.nix: named volumes the containers of one
    /// owner mount (`mounts = [ { volume = "<name>"; … } ]`).
    pub volumes: BTreeMap<String, Volume>,
    /// Names whose definition failed to evaluate: already reported, so rules
    /// do not report references to them again.
    /// [`BROKEN_ALL`] when `users` itself is not an attribute set.
    #[serde(skip)]
    pub broken_users: BTreeSet<String>,
    #[serde(skip)]
    pub broken_images: BTreeSet<String>,
    #[serde(skip)]
    pub broken_servers: BTreeSet<String>,
    #[serde(skip)]
    pub undecided_users: BTreeMap<String, Undecided>,
    /// `--podman-version`: the podman of a server that names none.
    #[serde(skip)]
    pub podman_flag: Option<PodmanVersion>,
}

/// A user of users.nix (`users.users.<name>`). Only owners
/// (`devbox.containers.enable = true`) are read beyond their `devbox` fields;
/// for the others the rest keeps its defaults.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub description: String,
    pub devbox: UserDevbox,
    /// NixOS's `enable`: a disabled account owns no containers.
    pub enable: bool,
    pub is_system_user: bool,
    pub name: Spanned<String>,
    /// The login shell's program name (`zsh`), from a package, a name or a path.
    pub shell: Spanned<String>,
    /// `openssh.authorizedKeys.keys`, then the lines of `keyFiles`.
    pub ssh_keys: Vec<Spanned<String>>,
    pub uid: Option<Spanned<i64>>,
    /// `uid` is written but failed to decode (already reported): not "missing".
    #[serde(skip)]
    pub uid_broken: bool,
}

impl User {
    /// A user known only by name and `devbox` fields: NixOS's defaults for the rest.
    pub fn named(name: Spanned<String>, devbox: UserDevbox) -> Self {
        User {
            description: name.value.clone(),
            devbox,
            enable: true,
            is_system_user: false,
            shell: Spanned::new("bash".into(), name.span),
            ssh_keys: Vec::new(),
            uid: None,
            uid_broken: false,
            name,
        }
    }

    /// Owns containers: asks for them, and NixOS lets the account log in.
    pub fn is_owner(&self) -> bool {
        self.devbox.containers.enable && self.enable && !self.is_system_user
    }
}

/// `users.users.<name>.devbox`, the options the generated NixOS module declares.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDevbox {
    pub containers: UserContainers,
    /// This owner's 1Password vault, else containers.nix's `onePassword.vault`.
    pub op_vault: Option<Spanned<String>>,
    /// `devbox.secrets.<name>`, in name order (owners only).
    #[serde(serialize_with = "secrets_as_nixos")]
    pub secrets: Vec<OwnerSecret>,
}

/// `users.users.<owner>.devbox.secrets.<name>`: a 1Password reference and the
/// owner's containers that receive its value (docs/secrets.md).
#[derive(Debug, Clone, Serialize)]
pub struct OwnerSecret {
    pub name: Spanned<String>,
    /// `op://vault/item/field`, as `op read` takes it.
    pub reference: Spanned<String>,
    pub containers: Vec<Spanned<String>>,
    pub delivery: SecretDelivery,
}

/// `devbox.secrets` as NixOS evaluates it: by name, every option present
/// (`env` and `file` null when unset, `file.owner` null for the image user).
fn secrets_as_nixos<S: serde::Serializer>(
    secrets: &[OwnerSecret],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(secrets.len()))?;
    for secret in secrets {
        let (env, file) = match &secret.delivery {
            SecretDelivery::Podman => (None, None),
            SecretDelivery::Env(e) => (Some(&e.value), None),
            SecretDelivery::File { path, mode, owner } => (
                None,
                Some(serde_json::json!({
                    "path": path.value,
                    "mode": mode.value,
                    "owner": owner.as_ref().map(|o| o.value),
                })),
            ),
        };
        let containers: Vec<&str> = secret.containers.iter().map(|c| c.value.as_str()).collect();
        map.serialize_entry(
            &secret.name.value,
            &serde_json::json!({
                "reference": secret.reference.value,
                "containers": containers,
                "env": env,
                "file": file,
            }),
        )?;
    }
    map.end()
}

/// How a secret reaches a container; all three are a podman secret
/// (Quadlet `Secret=`), so the value never appears in a unit or in argv.
#[derive(Debug, Clone, Serialize)]
pub enum SecretDelivery {
    /// Mounted at `/run/secrets/<name>`, readable by the image user.
    Podman,
    /// Mounted at `path`, with `mode` and owned by uid `owner` (default: the image user).
    File {
        path: Spanned<String>,
        mode: Spanned<String>,
        owner: Option<Spanned<i64>>,
    },
    /// The environment variable `name` of the container's processes.
    Env(Spanned<String>),
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserContainers {
    pub enable: bool,
    #[serde(skip)]
    pub enable_span: Option<Span>,
    pub max: Option<Spanned<i64>>,
}

/// A user of whom devbox-gen cannot tell whether they own containers: their
/// entry or its `devbox` depends on what it does not evaluate.
#[derive(Debug, Clone)]
pub struct Undecided {
    pub name_span: Span,
    /// Why, as a clause ("evaluating it fails: …").
    pub why: String,
    /// Where it stops being decidable.
    pub at: Span,
}

/// A nixpkgs attribute path (`ripgrep`, `python3Packages.ipython`), from a string
/// or a `pkgs.` reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Package(pub String);

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub editors: Editors,
    pub env: BTreeMap<String, Spanned<String>>,
    pub max_layers: Spanned<i64>,
    pub name: Spanned<String>,
    pub packages: Vec<Spanned<Package>>,
    pub tag: Spanned<String>,
    pub user: ImageUser,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageUser {
    pub home: Spanned<String>,
    pub name: Spanned<String>,
    pub uid: Spanned<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Editors {
    pub code_server: bool,
    pub zed: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub auto_start: bool,
    /// As written: `nvidia.com/gpu=all`, `nvidia.com/gpu=<n>`, `/dev/fuse`,
    /// or a path of `allowedDevices` (validation decides which is which).
    pub devices: Vec<Spanned<String>>,
    pub env: BTreeMap<String, Spanned<String>>,
    /// `AddHost=`: host name → IP address in the container's /etc/hosts.
    pub extra_hosts: BTreeMap<String, Spanned<String>>,
    /// Where `extraHosts` is set, when it is.
    #[serde(skip)]
    pub extra_hosts_span: Option<Span>,
    pub hostname: Spanned<String>,
    pub idle: Idle,
    /// `None` only when the spec has no image to default to (reported by a rule).
    pub image: Option<Spanned<String>>,
    pub mounts: Vec<Mount>,
    pub name: Spanned<String>,
    pub owner: Spanned<String>,
    pub ports: Vec<Spanned<String>>,
    pub resources: Resources,
    /// The server (`servers.<name>`) that runs it: written, or the only one.
    pub server: Spanned<String>,
    pub syncthing: Syncthing,
    pub tailscale: Tailscale,
}

/// One entry of a container's `mounts`: a target in the container and exactly
/// one source (validation reports none or several).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mount {
    /// A directory under the owner's host root (`/var/lib/devbox/<owner>`).
    pub host_path: Option<Spanned<String>>,
    pub read_only: bool,
    pub target: Spanned<String>,
    /// A tmpfs of this size.
    pub tmpfs: Option<Spanned<Memory>>,
    /// A name of `volumes`.
    pub volume: Option<Spanned<String>>,
    /// The whole entry.
    #[serde(skip)]
    pub span: Span,
}

/// The root of the host directories that the containers of the owners may
/// mount (`hostPath`); the NixOS module makes `<root>/<owner>` for each.
pub const HOST_ROOT: &str = "/var/lib/devbox";

/// `/var/lib/devbox/<owner>`: the only place `owner`'s `hostPath` mounts may be.
pub fn host_root(owner: &str) -> String {
    format!("{HOST_ROOT}/{owner}")
}

impl Mount {
    /// The absolute host directory of a `hostPath` mount of `owner`'s
    /// container: a relative path is taken under the owner's host root.
    /// Whether it stays there is validation's question.
    pub fn host_source(&self, owner: &str) -> Option<String> {
        let p = &self.host_path.as_ref()?.value;
        Some(if p.starts_with('/') {
            p.trim_end_matches('/').to_owned()
        } else {
            format!("{}/{}", host_root(owner), p.trim_end_matches('/'))
        })
    }
}

/// `volumes.<name>`: a named podman volume, created by its `.volume` unit on
/// the first start of a container that mounts it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    /// Kept when the idle cleanup destroys the containers that mount it;
    /// `false`: removed with the last of them.
    pub keep_on_destroy: bool,
    pub name: Spanned<String>,
}

/// An orchestrator server of containers.nix (`servers.<name>`), a NixOS
/// machine that imports its own module of the tree.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// CPUs its containers may use together (a warning past it).
    pub cpus: Option<Spanned<Number>>,
    /// CDI device names (`nvidia.com/gpu=0`) the server offers.
    pub gpus: Vec<Spanned<String>>,
    /// Memory its containers may use together (a warning past it).
    pub memory: Option<Spanned<Memory>>,
    pub name: Spanned<String>,
    /// The Podman version the server runs (`5.4`).
    pub podman: Option<Spanned<units::PodmanVersion>>,
    /// Not declared: the one server of a spec without `servers`.
    #[serde(skip)]
    pub implicit: bool,
}

/// The name of the server of a spec that declares none.
pub const IMPLICIT_SERVER: &str = "default";

#[derive(Debug, Clone, Serialize)]
pub struct Tailscale {
    pub enable: bool,
    /// `tailscale.share`: ports opened to teammates (none by default, and then
    /// left out of the serialised spec).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub share: Vec<Share>,
    pub ssh: bool,
    /// Where `ssh` is set (else the container): the plain-SSH rule points here.
    #[serde(skip)]
    pub ssh_span: Span,
    pub tags: Vec<Spanned<String>>,
}

/// One `tailscale.share` entry: these ports of the container, to these people.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub ports: Vec<Spanned<SharePort>>,
    /// `ports` is an empty list or not written (misspelt or broken: no).
    #[serde(skip)]
    pub ports_missing: bool,
    /// Where the entry is written (an empty `ports` or `with` points here).
    #[serde(skip)]
    pub span: Span,
    /// Users of users.nix, `group:<name>` or `autogroup:member`.
    pub to: Vec<Spanned<String>>,
    /// `to` is an empty list or not written (misspelt or broken: no).
    #[serde(skip)]
    pub to_missing: bool,
}

/// A shared port as written: `3000` or `"8000-8010"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SharePort {
    Int(i64),
    Text(String),
}

impl SharePort {
    /// The port range `(first, last)`, 1-65535 and ascending; `None` otherwise.
    pub fn range(&self) -> Option<(u16, u16)> {
        let one = |p: &str| {
            p.parse::<u16>()
                .ok()
                .filter(|n| *n > 0 && p.bytes().all(|b| b.is_ascii_digit()))
        };
        match self {
            SharePort::Int(n) => u16::try_from(*n).ok().filter(|n| *n > 0).map(|n| (n, n)),
            SharePort::Text(s) => match s.split_once('-') {
                Some((a, b)) => Some((one(a)?, one(b)?)).filter(|(a, b)| a <= b),
                None => one(s).map(|n| (n, n)),
            },
        }
    }
}

impl Tailscale {
    /// The container runs its own OpenSSH server (on the tailnet, without
    /// Tailscale SSH): the owner's keys from users.nix let them in.
    pub fn plain_ssh(&self) -> bool {
        self.enable && !self.ssh
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Syncthing {
    pub enable: bool,
    /// `None`: the default, `<home>/sync` of the container's image user.
    pub folder: Option<Spanned<String>>,
}

/// `cpus` may be an int or a float in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resources {
    pub cpus: Spanned<Number>,
    /// The cap on the home's size: a project quota on its host directory;
    /// `None`: an uncapped podman volume.
    pub home_size: Option<Spanned<Memory>>,
    /// `IOWeight=` (1–10000); `None`: systemd's default weight, 100.
    pub io_weight: Option<Spanned<i64>>,
    pub memory: Spanned<Memory>,
    pub pids: Spanned<i64>,
    /// `MemorySwapMax=`; `None`: no swap limit.
    pub swap: Option<Spanned<Memory>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Idle {
    pub destroy_after: Option<Spanned<Duration>>,
    pub keep_volume: bool,
    pub stop_after: Option<Spanned<Duration>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cleanup {
    pub on_calendar: Spanned<String>,
    pub randomized_delay: Spanned<Duration>,
}

/// In `broken_users`/`broken_images`/`broken_servers`: the whole set is unusable (not a name:
/// no user or image is called `*`).
pub const BROKEN_ALL: &str = "*";

impl Spec {
    /// A user whose definition is broken (already reported): references to it
    /// are not reported again.
    pub fn user_is_broken(&self, name: &str) -> bool {
        self.broken_users.contains(name) || self.broken_users.contains(BROKEN_ALL)
    }

    pub fn image_is_broken(&self, name: &str) -> bool {
        self.broken_images.contains(name) || self.broken_images.contains(BROKEN_ALL)
    }

    pub fn server_is_broken(&self, name: &str) -> bool {
        self.broken_servers.contains(name) || self.broken_servers.contains(BROKEN_ALL)
    }

    /// The uid of user `owner`: `None` only in a spec validation refuses.
    pub fn uid_of(&self, owner: &str) -> Option<i64> {
        self.users
            .get(owner)
            .and_then(|u| u.uid.as_ref())
            .map(|u| u.value)
    }

    /// The image container `c` runs: `None` only in a spec that validation
    /// refuses (no image, or one that is not defined), so rules use it to skip
    /// what another rule reports and renderers may treat `None` as a bug.
    /// The podman release container `c`'s units are written for.
    pub fn podman_target(&self, c: &Container) -> PodmanTarget {
        self.podman_target_of(&c.server.value)
    }

    /// The podman release the units of server `server` are written for: its
    /// `podman`, else `--podman-version`, else the oldest supported. A
    /// malformed `podman` is reported by a rule and counts as not set here.
    pub fn podman_target_of(&self, server: &str) -> PodmanTarget {
        let own = self.servers.get(server).and_then(|s| s.podman.as_ref());
        if let Some(p) = own
            && let Some((major, minor, _)) = p.value.parts
            && let (Ok(major), Ok(minor)) = (u16::try_from(major), u16::try_from(minor))
        {
            return PodmanTarget::Server {
                server: server.to_owned(),
                version: PodmanVersion::new(major, minor),
                span: p.span,
            };
        }
        match self.podman_flag {
            Some(v) => PodmanTarget::Flag(v),
            None => PodmanTarget::Default,
        }
    }

    pub fn image_of(&self, c: &Container) -> Option<&Image> {
        c.image.as_ref().and_then(|i| self.images.get(&i.value))
    }

    /// The spec declares no server: one implicit server runs everything.
    pub fn servers_implicit(&self) -> bool {
        self.servers.values().all(|s| s.implicit)
    }

    /// The containers of server `server`, by name.
    pub fn containers_on<'a>(&'a self, server: &'a str) -> impl Iterator<Item = &'a Container> {
        self.containers
            .values()
            .filter(move |c| c.server.value == server)
    }
}

/// Where a container's target podman comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodmanTarget {
    /// `servers.<server>.podman`.
    Server {
        server: String,
        version: PodmanVersion,
        span: Span,
    },
    /// `--podman-version`.
    Flag(PodmanVersion),
    /// Neither: the oldest podman devbox-gen writes units for.
    Default,
}

impl PodmanTarget {
    pub fn version(&self) -> PodmanVersion {
        match self {
            PodmanTarget::Server { version, .. } | PodmanTarget::Flag(version) => *version,
            PodmanTarget::Default => PodmanVersion::OLDEST,
        }
    }

    /// Where the version was chosen, for a diagnostic.
    pub fn origin(&self) -> String {
        match self {
            PodmanTarget::Server {
                server, version, ..
            } => format!("`servers.{server}.podman = \"{version}\"`"),
            PodmanTarget::Flag(v) => format!("`--podman-version {v}`"),
            PodmanTarget::Default => format!(
                "the default podman {} (no server `podman`, no `--podman-version`)",
                PodmanVersion::OLDEST
            ),
        }
    }
}

/// The evaluated top-level values of the spec files.
pub struct SpecFiles {
    pub users: Value,
    pub containers: Value,
    /// darwin.nix is optional.
    pub darwin: Option<Value>,
}

/// Decodes the spec, reporting every problem it finds and filling in defaults.
/// Returns `None` only when a file's top level is unusable.
pub fn decode(ev: &Evaluator, files: &SpecFiles, diags: &mut Diagnostics) -> Option<Spec> {
    let mut d = Decoder::new(ev, diags);
    // Every file is decoded, even when an earlier one is unusable.
    let users = users::decode_users_file(&mut d, &files.users);
    let c = containers::decode_containers_file(&mut d, &files.containers);
    let darwin = files
        .darwin
        .as_ref()
        .map(|v| darwin::decode_darwin_file(&mut d, v));
    let (users, c) = (users?, c?);
    let darwin = match darwin {
        Some(v) => Some(v?),
        None => None,
    };
    Some(Spec {
        users: users.users,
        broken_users: users.broken_users,
        undecided_users: users.undecided_users,
        op_vault: c.op_vault,
        allowed_devices: c.allowed_devices,
        volumes: c.volumes,
        servers: c.servers,
        images: c.images,
        broken_images: c.broken_images,
        broken_servers: c.broken_servers,
        containers: c.containers,
        cleanup: c.cleanup,
        darwin,
        podman_flag: None,
    })
}

#[cfg(test)]
mod tests {
    use camino::Utf8PathBuf;

    /// Streamed JSON has the same (sorted) keys as a `serde_json::Value`.
    #[test]
    fn serialised_fields_are_in_key_order() {
        let root = Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for dir in [
            "examples/team",
            "tests/specs/awkward-strings",
            "tests/specs/tailnet-sharing",
        ] {
            let compiled = crate::pipeline::check(&root.join(dir));
            let spec = compiled.spec.expect("the spec decodes");
            assert!(spec.darwin.is_some() || dir != "examples/team");
            let streamed = serde_json::to_string(&spec).expect("serialises");
            let sorted = serde_json::to_value(&spec).expect("serialises").to_string();
            assert_eq!(streamed, sorted, "{dir}");
        }
    }
}
