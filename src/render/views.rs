//! What the templates see: flat, already-decided values. All naming decisions
//! (unit, volume, image and secret names) are made here, once.

use serde::Serialize;

use crate::model::{Container, Spec};

/// The podman secret holding the owner's Tailscale auth key, and where the
/// container sees it (`tailscale up --auth-key=file:…`).
pub const AUTHKEY_SECRET: &str = "devbox-ts-authkey";
pub const AUTHKEY_TARGET: &str = "/run/secrets/ts-authkey";

/// Where the NixOS module installs `users/<owner>/bin/*` (see [`bin_dir`]).
pub const BIN_ROOT: &str = "/etc/devbox/users";
/// The root-made runtime dir under which `devbox-authkey fetch` leaves each
/// owner's key (`<KEY_ROOT>/<owner>/ts-authkey`, see [`key_dir`]).
pub const KEY_ROOT: &str = "/run/devbox/keys";

/// `/etc/devbox/users/<owner>/bin`: the owner's scripts on the host.
pub fn bin_dir(owner: &str) -> String {
    format!("{BIN_ROOT}/{owner}/bin")
}

/// `/run/devbox/keys/<owner>`: the owner's key dir (0700, owned by the owner).
pub fn key_dir(owner: &str) -> String {
    format!("{KEY_ROOT}/{owner}")
}

/// `devbox-image-<image>.service`: the owner's user unit (defined by the NixOS
/// module) that loads the image into the owner's podman storage.
pub fn image_unit(image: &str) -> String {
    format!("devbox-image-{image}.service")
}

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
    pub secret: Option<String>,
    /// Sorted by name; the entrypoint's settings (`DEVBOX_*`) and the user's.
    pub env: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
    pub ports: Vec<String>,
    pub cpu_quota: String,
    pub memory_max: String,
    pub tasks_max: i64,
    pub auto_start: bool,
    /// The image's name (`rust`).
    pub image: String,
    /// `devbox-image-<image>.service`, wanted and ordered before the container.
    pub image_unit: String,
    /// The owner's scripts on the host (`ExecCondition=`, `ExecStartPre=`).
    pub bin_dir: String,
    pub tailscale: bool,
}

/// `localhost/devbox-<image>:<tag>`: the reference under which the NixOS module
/// loads the image and the `.container` names it.
pub fn image_ref(image: &str, tag: &str) -> String {
    format!("localhost/devbox-{image}:{tag}")
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
    pub fn new(spec: &Spec, c: &Container) -> Self {
        let image = c.image.as_ref().and_then(|i| spec.images.get(&i.value));
        let (image_name, tag, uid) = match image {
            Some(i) => (
                i.name.value.as_str(),
                i.tag.value.as_str(),
                i.user.uid.value,
            ),
            None => ("", "latest", 1000),
        };
        let home = home(spec, c).to_owned();
        let folder = c
            .syncthing
            .folder
            .as_ref()
            .map_or_else(|| format!("{home}/sync"), |f| f.value.clone());
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
        ]);
        env.sort();
        ContainerView {
            name: c.name.value.clone(),
            owner: c.owner.value.clone(),
            description: format!("devbox container {} of {}", c.name.value, c.owner.value),
            container_name: container_name(&c.name.value),
            image_ref: image_ref(image_name, tag),
            hostname: c.hostname.value.clone(),
            volume_file: volume_file(&c.name.value),
            volume_name: volume_name(&c.name.value),
            secret: c.tailscale.enable.then(|| {
                format!("{AUTHKEY_SECRET},type=mount,target={AUTHKEY_TARGET},uid={uid},gid={uid},mode=0400")
            }),
            env,
            labels: vec![
                ("devbox.container".to_owned(), c.name.value.clone()),
                ("devbox.owner".to_owned(), c.owner.value.clone()),
            ],
            ports: c.ports.iter().map(|p| p.value.clone()).collect(),
            cpu_quota: cpu_quota(c.resources.cpus.value.as_f64()),
            memory_max: c.resources.memory.value.clone(),
            tasks_max: c.resources.pids.value,
            auto_start: c.auto_start,
            image: image_name.to_owned(),
            image_unit: image_unit(image_name),
            bin_dir: bin_dir(&c.owner.value),
            tailscale: c.tailscale.enable,
            home,
        }
    }
}

/// The image user's home in container `c` (`/home/dev` without an image).
pub fn home<'s>(spec: &'s Spec, c: &Container) -> &'s str {
    c.image
        .as_ref()
        .and_then(|i| spec.images.get(&i.value))
        .map_or("/home/dev", |i| i.user.home.value.as_str())
}

/// Podman's name for container `name`.
pub fn container_name(name: &str) -> String {
    format!("devbox-{name}")
}

/// The Quadlet file of container `name`'s home volume.
pub fn volume_file(name: &str) -> String {
    format!("{name}-home.volume")
}

/// Podman's name for container `name`'s home volume.
pub fn volume_name(name: &str) -> String {
    format!("devbox-{name}-home")
}
