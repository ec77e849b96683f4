//! What the templates see of a container: flat, already-decided values, with
//! every name taken from [`layout`].

use serde::Serialize;

use super::layout;
use super::owner_keys;
use super::validated;
use crate::diagnostics::Diagnostic;
use crate::model::{Container, Spec};

#[derive(Debug, Serialize)]
pub struct ContainerView {
    pub name: String,
    pub owner: String,
    pub description: String,
    pub container_name: String,
    pub image_ref: String,
    pub hostname: String,
    pub home: String,
    pub volume_file: String,
    pub volume_name: String,
    /// A capped home (`resources.homeSize`): the host directory the home
    /// volume binds, and the cap as written.
    pub home_device: Option<String>,
    pub home_size: Option<String>,
    /// `Secret=` values: the Tailscale key, then the owner's secrets for this container.
    pub secrets: Vec<String>,
    /// Whether `ExecStartPre=` imports key-dir files (the key, secrets) as podman secrets.
    pub imports: bool,
    /// `devbox-authkey import` arguments: the files it needs, none for all of the owner's.
    pub import_args: Vec<String>,
    /// It receives owner secrets (not only the Tailscale key).
    pub has_secrets: bool,
    /// Sorted by name; the entrypoint's settings (`DEVBOX_*`) and the user's.
    pub env: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
    pub ports: Vec<String>,
    pub cpu_quota: String,
    pub memory_max: String,
    pub tasks_max: i64,
    /// `IOWeight=`, when the spec sets `ioWeight`.
    pub io_weight: Option<i64>,
    /// `MemorySwapMax=`, when the spec sets `swap`.
    pub swap_max: Option<String>,
    /// `AddHost=` values, `<name>:<ip>`, sorted by name.
    pub extra_hosts: Vec<String>,
    /// The podman release the units are written for (`5.0`).
    pub podman: String,
    pub auto_start: bool,
    /// The image's name (`rust`).
    pub image: String,
    /// `devbox-image-<image>.service`, wanted and ordered before the container.
    pub image_unit: String,
    /// The owner's scripts on the host (`ExecCondition=`, `ExecStartPre=`).
    pub bin_dir: String,
    /// The root unit that leaves the owner's auth key (`devbox-authkey-<owner>`).
    pub authkey_unit: String,
    pub tailscale: bool,
    /// The Quadlet health check on tailscaled (with Tailscale only).
    pub health: Option<Health>,
    /// `Sysctl=` lines: an OpenSSH server as the image user binds port 22.
    pub sysctls: Vec<String>,
    /// `Volume=` lines of `mounts` (volumes and host directories).
    pub mounts: Vec<MountLine>,
    /// `Tmpfs=` lines: `<target>:<options>`.
    pub tmpfs: Vec<String>,
    /// `AddDevice=` lines: CDI names and device paths.
    pub devices: Vec<String>,
}

/// `Volume=<source>:<target>:<options>`.
#[derive(Debug, Serialize)]
pub struct MountLine {
    pub source: String,
    pub target: String,
    pub options: String,
}

/// `HealthCmd=` and its timing: checked every `interval`, unhealthy after
/// `retries` failures in a row (failures during `start_period`, while the
/// entrypoint brings the node up, do not count, passing checks or not: short,
/// so a node that dies early is noticed within start + retries × interval); podman then kills the
/// container and systemd's `Restart=on-failure` starts it again.
#[derive(Debug, Serialize)]
pub struct Health {
    pub cmd: &'static str,
    pub interval: &'static str,
    pub retries: u32,
    pub start_period: &'static str,
    pub on_failure: &'static str,
}

/// `CPUQuota=` as a whole percentage of one CPU (at least 1%).
fn cpu_quota(cpus: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (cpus * 100.0).round().max(1.0) as u64;
    format!("{percent}%")
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_owned()
}

impl ContainerView {
    pub fn new(
        spec: &Spec,
        c: &Container,
        tailnet: &owner_keys::TailnetOwners,
    ) -> Result<Self, Diagnostic> {
        let image = validated::image_of(spec, c)?;
        let (image_name, tag, uid) = (
            image.name.value.as_str(),
            image.tag.value.as_str(),
            image.user.uid.value,
        );
        let owner = validated::owner_of(spec, c)?;
        let home = image.user.home.value.clone();
        let folder = layout::syncthing_folder(c, image);
        let mut env: Vec<(String, String)> = c
            .env
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        let tags: Vec<&str> = c.tailscale.tags.iter().map(|t| t.value.as_str()).collect();
        env.extend([
            ("DEVBOX_CONTAINER".to_owned(), c.name.value.clone()),
            ("DEVBOX_HOSTNAME".to_owned(), c.hostname.value.clone()),
            ("DEVBOX_TAILSCALE".to_owned(), flag(c.tailscale.enable)),
            ("DEVBOX_TAILSCALE_SSH".to_owned(), flag(c.tailscale.ssh)),
            ("DEVBOX_TAILSCALE_TAGS".to_owned(), tags.join(",")),
            ("DEVBOX_SYNCTHING".to_owned(), flag(c.syncthing.enable)),
            ("DEVBOX_SYNCTHING_FOLDER".to_owned(), folder),
            ("DEVBOX_SHELL".to_owned(), owner.shell.value.clone()),
            ("DEVBOX_SSHD".to_owned(), flag(c.tailscale.plain_ssh())),
            (
                "DEVBOX_CODE_SERVER".to_owned(),
                flag(image.editors.code_server),
            ),
        ]);
        if c.tailscale.plain_ssh() {
            let keys: Vec<&str> = owner.ssh_keys.iter().map(|k| k.value.trim_end()).collect();
            env.push(("DEVBOX_SSH_AUTHORIZED_KEYS".to_owned(), keys.join("\n")));
        }
        env.sort();
        let mut mounts = Vec::new();
        let mut tmpfs = Vec::new();
        for m in &c.mounts {
            if let Some(bytes) = validated::tmpfs_bytes(m)? {
                // Sticky and world-writable like /tmp: the image user writes there.
                tmpfs.push(format!("{}:rw,size={bytes},mode=1777", m.target.value));
            } else if let Some(source) = validated::mount_source(c, m) {
                let relabel = if validated::mount_is_shared(spec, c, m) {
                    "z"
                } else {
                    "Z"
                };
                let options = if m.read_only {
                    format!("ro,{relabel}")
                } else {
                    relabel.to_owned()
                };
                mounts.push(MountLine {
                    source,
                    target: m.target.value.clone(),
                    options,
                });
            }
        }
        let mut devices: Vec<String> = c.devices.iter().map(|d| d.value.clone()).collect();
        devices.sort();
        devices.dedup();
        Ok(ContainerView {
            mounts,
            tmpfs,
            devices,
            name: c.name.value.clone(),
            owner: c.owner.value.clone(),
            description: format!("devbox container {} of {}", c.name.value, c.owner.value),
            container_name: layout::container_name(&c.name.value),
            image_ref: layout::image_ref(image_name, tag),
            hostname: c.hostname.value.clone(),
            volume_file: layout::volume_file(&c.name.value),
            volume_name: layout::home_volume_name(c),
            home_device: c
                .resources
                .home_size
                .is_some()
                .then(|| layout::home_dir(&c.owner.value, &c.name.value)),
            home_size: c.resources.home_size.as_ref().map(|s| s.value.text.clone()),
            secrets: owner_keys::secret_lines(spec, c, uid),
            imports: !owner_keys::container_items(spec, c).is_empty(),
            import_args: owner_keys::import_args(spec, c, tailnet),
            has_secrets: !owner_keys::container_secrets(spec, c).is_empty(),
            env,
            labels: vec![
                ("devbox.container".to_owned(), c.name.value.clone()),
                ("devbox.owner".to_owned(), c.owner.value.clone()),
            ],
            ports: c.ports.iter().map(|p| p.value.clone()).collect(),
            cpu_quota: cpu_quota(c.resources.cpus.value.as_f64()),
            memory_max: c.resources.memory.value.text.clone(),
            tasks_max: c.resources.pids.value,
            io_weight: c.resources.io_weight.as_ref().map(|w| w.value),
            swap_max: c.resources.swap.as_ref().map(|s| s.value.text.clone()),
            extra_hosts: c
                .extra_hosts
                .iter()
                .map(|(name, ip)| format!("{name}:{}", ip.value))
                .collect(),
            podman: spec.podman_target(c).version().to_string(),
            auto_start: c.auto_start,
            image: image_name.to_owned(),
            image_unit: layout::image_unit(image_name),
            bin_dir: layout::bin_dir(&c.owner.value),
            authkey_unit: layout::authkey_units(&c.owner.value).0,
            tailscale: c.tailscale.enable,
            health: c.tailscale.enable.then_some(Health {
                cmd: r#"["/bin/devbox-health"]"#,
                interval: "30s",
                retries: 3,
                start_period: "1m",
                on_failure: "kill",
            }),
            sysctls: if c.tailscale.plain_ssh() {
                vec!["net.ipv4.ip_unprivileged_port_start=22".to_owned()]
            } else {
                Vec::new()
            },
            home,
        })
    }
}
