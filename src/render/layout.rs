//! Where everything goes and what it is called: the paths of the generated
//! tree, the names podman and systemd know things by, and the paths on the
//! host and in the containers. The renderers that write files and those that
//! read the tree back (the NixOS module) ask here, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Container, Image, Spec};

// ---- The generated tree -------------------------------------------------

/// The tree's entry points: the root `default.nix` imports the first three.
/// `NIXOS_MODULE` is the module of a spec without `servers` (see [`ServerDir`]).
pub const NIXOS_MODULE: &str = "nixos/default.nix";
pub const IMAGES_INDEX: &str = "images/default.nix";
pub const DARWIN_INDEX: &str = "darwin/default.nix";
pub const ROOT_INDEX: &str = "default.nix";
pub const TAILNET_SNIPPET: &str = "tailscale/acl-snippet.hujson";

/// The kinds of per-owner files, each a directory under `users/<owner>/`.
#[derive(Debug, Clone, Copy)]
pub enum OwnerDir {
    /// `.container` and `.volume` files, installed for the owner's uid.
    Quadlet,
    /// Scripts, installed under [`bin_dir`].
    Bin,
    /// User units, installed as `<stem>-<owner>.<ext>`.
    Systemd,
}

impl OwnerDir {
    fn name(self) -> &'static str {
        match self {
            OwnerDir::Quadlet => "quadlet",
            OwnerDir::Bin => "bin",
            OwnerDir::Systemd => "systemd",
        }
    }
}

/// Where one server's part of the tree sits: its NixOS module and its owners'
/// files. A spec without `servers` keeps the one-server layout
/// (`nixos/default.nix`, `users/<owner>/…`); each declared server gets
/// `nixos/<server>/default.nix` and `nixos/<server>/users/<owner>/…`, so an
/// owner with containers on two servers has each server's scripts list only
/// that server's containers.
#[derive(Debug, Clone)]
pub struct ServerDir {
    /// `""` or `nixos/<server>/`: what owner directories start with.
    prefix: String,
    /// The module file, relative to the tree root.
    pub module: String,
    /// The tree root as a Nix path literal, from the module's directory.
    pub tree_from_module: &'static str,
}

impl ServerDir {
    pub fn of(spec: &Spec, server: &str) -> Self {
        if spec.servers_implicit() {
            ServerDir {
                prefix: String::new(),
                module: NIXOS_MODULE.to_owned(),
                tree_from_module: "./..",
            }
        } else {
            ServerDir {
                prefix: format!("nixos/{server}/"),
                module: format!("nixos/{server}/default.nix"),
                tree_from_module: "../..",
            }
        }
    }

    /// The module's directory, relative to the tree root (`nixos/<server>`).
    pub fn module_dir(&self) -> &str {
        self.module.trim_end_matches("/default.nix")
    }
}

/// `[nixos/<server>/]users/<owner>/<kind>`: a directory of the owner's files in the tree.
pub fn owner_dir(server: &ServerDir, owner: &str, kind: OwnerDir) -> String {
    format!("{}users/{owner}/{}", server.prefix, kind.name())
}

/// `[nixos/<server>/]users/<owner>/<kind>/<file>`.
pub fn owner_file(server: &ServerDir, owner: &str, kind: OwnerDir, file: &str) -> String {
    format!("{}/{file}", owner_dir(server, owner, kind))
}

/// The Quadlet file of container `name`.
pub fn container_file(name: &str) -> String {
    format!("{name}.container")
}

/// The Quadlet file of container `name`'s home volume.
pub fn volume_file(name: &str) -> String {
    format!("{name}-home.volume")
}

/// The Quadlet file of the named volume `name` of `volumes` (one per owner
/// that mounts it). The `_` keeps it apart from every container's files and
/// units: container names have none.
pub fn named_volume_file(name: &str) -> String {
    format!("devbox_{name}.volume")
}

/// `images/<image>/<file>`.
pub fn image_file(image: &str, file: &str) -> String {
    format!("images/{image}/{file}")
}

/// `darwin/<host>/<file>`.
pub fn darwin_file(host: &str, file: &str) -> String {
    format!("darwin/{host}/{file}")
}

// ---- Names podman and systemd know things by ----------------------------

/// Podman's name for container `name`.
pub fn container_name(name: &str) -> String {
    format!("devbox-{name}")
}

/// Podman's name for container `name`'s home volume.
pub fn volume_name(name: &str) -> String {
    format!("devbox-{name}-home")
}

/// Podman's name for container `c`'s home volume: a capped home
/// (`resources.homeSize`) is another volume, a bind of [`home_dir`]. Podman
/// creates a `.volume`'s volume with `podman volume create --ignore`: under
/// the plain volume's name, a container given a cap later would keep its old
/// uncapped volume.
pub fn home_volume_name(c: &Container) -> String {
    if c.resources.home_size.is_some() {
        format!("devbox-{}-home-capped", c.name.value)
    } else {
        volume_name(&c.name.value)
    }
}

/// Podman's name for the named volume `name` (a home volume has no `_`).
pub fn named_volume_name(name: &str) -> String {
    format!("devbox_{name}")
}

/// The user service quadlet makes of the named volume's `.volume` file.
pub fn named_volume_unit(name: &str) -> String {
    format!("devbox_{name}-volume.service")
}

/// The user service quadlet makes of container `name`'s `.container` file.
pub fn container_unit(name: &str) -> String {
    format!("{name}.service")
}

/// The user service quadlet makes of a `.volume` file: `<stem>-volume.service`.
pub fn volume_unit(name: &str) -> String {
    let file = volume_file(name);
    format!("{}-volume.service", file.trim_end_matches(".volume"))
}

/// `localhost/devbox-<image>`: the repository the image is built and loaded as.
pub fn image_repository(image: &str) -> String {
    format!("localhost/devbox-{image}")
}

/// `localhost/devbox-<image>:<tag>`: the reference under which the NixOS module
/// loads the image and the `.container` names it.
pub fn image_ref(image: &str, tag: &str) -> String {
    format!("{}:{tag}", image_repository(image))
}

/// `devbox-image-<image>.service`: the owner's user unit (defined by the NixOS
/// module) that loads the image into the owner's podman storage.
pub fn image_unit(image: &str) -> String {
    format!("devbox-image-{image}.service")
}

/// The system service that fetches `owner`'s auth key, and the one (with a
/// timer) that refreshes it.
pub fn authkey_units(owner: &str) -> (String, String) {
    (
        format!("devbox-authkey-{owner}"),
        format!("devbox-authkey-refresh-{owner}"),
    )
}

/// A user unit of the tree (`devbox-cleanup.timer`) as installed for `owner`.
pub fn owner_unit(file: &str, owner: &str) -> Option<String> {
    let (stem, ext) = file.rsplit_once('.')?;
    Some(format!("{stem}-{owner}.{ext}"))
}

/// The podman secret holding the owner's Tailscale auth key, and where the
/// container sees it (`tailscale up --auth-key=file:…`).
pub const AUTHKEY_SECRET: &str = "devbox-ts-authkey";
pub const AUTHKEY_TARGET: &str = crate::validate::TAILSCALE_KEY_FILE;

// ---- The host -----------------------------------------------------------

/// Where the NixOS module installs `users/<owner>/bin/*` (see [`bin_dir`]).
pub const BIN_ROOT: &str = "/etc/devbox/users";
/// The root-made runtime dir under which `devbox-authkey fetch` leaves each
/// owner's key (`<KEY_ROOT>/<owner>/ts-authkey`, see [`key_dir`]).
pub const KEY_ROOT: &str = "/run/devbox/keys";

pub use crate::model::{HOST_ROOT, host_root};

/// Root's directory of the capped homes (`resources.homeSize`), one
/// directory per owner below it. Beside the owners' host roots, not in them:
/// root sets the quotas, and root must not act on paths in a directory the
/// owner can write (a swapped-in symlink). A user name cannot start with `.`.
pub const HOMES_ROOT: &str = "/var/lib/devbox/.homes";

/// `/var/lib/devbox/.homes/<owner>`: the owner's capped homes, opened to the
/// owner only while every cap in it holds (see [`HOME_QUOTA_SCRIPT`]).
pub fn homes_dir(owner: &str) -> String {
    format!("{HOMES_ROOT}/{owner}")
}

/// `/var/lib/devbox/.homes/<owner>/<container>`: a capped home on the host.
pub fn home_dir(owner: &str, name: &str) -> String {
    format!("{}/{name}", homes_dir(owner))
}

/// The root script that makes the capped homes and sets their quotas.
pub const HOME_QUOTA_SCRIPT: &str = "nixos/devbox-home-quota.sh";

/// The system service that runs [`HOME_QUOTA_SCRIPT`] for `owner`.
pub fn home_quota_unit(owner: &str) -> String {
    format!("devbox-home-quota-{owner}")
}

/// Each capped container's project id offset (below 2^30; the NixOS module
/// adds `devbox.homeProjectIdBase`): the first 32 bits of the SHA-256 of
/// its name (container names are unique in a spec), so an id never moves when
/// other containers come or go. Ids are distinct: on the rare clash, the name
/// later in sorted order takes the next free offset.
pub fn home_project_offsets(spec: &Spec) -> BTreeMap<String, u32> {
    // `spec.containers` is sorted by name.
    assign_offsets(
        spec.containers
            .values()
            .filter(|c| c.resources.home_size.is_some())
            .map(|c| c.name.value.as_str()),
        name_hash,
    )
}

/// Offsets below 2^30 are what `devbox.homeProjectIdBase` (at most 2^32 − 1 − 2^30)
/// may be added to.
const OFFSET_SPAN: u32 = 1 << 30;

/// The first 32 bits of the SHA-256 of `name`.
fn name_hash(name: &str) -> u32 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(name.as_bytes());
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// `hash(name) mod 2^30` for each name, in the given (sorted) order; a name
/// whose offset is taken gets the next free one.
fn assign_offsets<'a>(
    names: impl IntoIterator<Item = &'a str>,
    hash: impl Fn(&str) -> u32,
) -> BTreeMap<String, u32> {
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for name in names {
        let mut offset = hash(name) % OFFSET_SPAN;
        while !taken.insert(offset) {
            offset = (offset + 1) % OFFSET_SPAN;
        }
        out.insert(name.to_owned(), offset);
    }
    out
}

/// `/etc/devbox/users/<owner>/bin`: the owner's scripts on the host.
pub fn bin_dir(owner: &str) -> String {
    format!("{BIN_ROOT}/{owner}/bin")
}

/// `/run/devbox/keys/<owner>`: the owner's key dir (0700, owned by the owner).
pub fn key_dir(owner: &str) -> String {
    format!("{KEY_ROOT}/{owner}")
}

/// `containers/systemd/users/<uid>` (under `/etc`): where podman (≥ 4.6) reads
/// the rootless Quadlet files of the user with that uid.
pub fn quadlet_user_dir(uid: i64) -> String {
    format!("containers/systemd/users/{uid}")
}

// ---- In the container -----------------------------------------------------

/// The Syncthing folder of container `c`: its own, or `<home>/sync` of its image user.
pub fn syncthing_folder(c: &Container, image: &Image) -> String {
    c.syncthing.folder.as_ref().map_or_else(
        || format!("{}/sync", image.user.home.value),
        |f| f.value.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_together() {
        assert_eq!(volume_unit("coal-dev"), "coal-dev-home-volume.service");
        assert_eq!(container_unit("coal-dev"), "coal-dev.service");
        let one = ServerDir {
            prefix: String::new(),
            module: NIXOS_MODULE.to_owned(),
            tree_from_module: "./..",
        };
        assert_eq!(
            owner_file(&one, "coal", OwnerDir::Quadlet, &container_file("coal-dev")),
            "users/coal/quadlet/coal-dev.container"
        );
        let build = ServerDir {
            prefix: "nixos/build/".to_owned(),
            module: "nixos/build/default.nix".to_owned(),
            tree_from_module: "../..",
        };
        assert_eq!(
            owner_file(&build, "coal", OwnerDir::Bin, "devbox"),
            "nixos/build/users/coal/bin/devbox"
        );
        assert_eq!(build.module_dir(), "nixos/build");
        assert_eq!(image_ref("rust", "latest"), "localhost/devbox-rust:latest");
        assert_eq!(
            owner_unit("devbox-cleanup.timer", "coal").as_deref(),
            Some("devbox-cleanup-coal.timer")
        );
        assert_eq!(owner_unit("noext", "coal"), None);
        assert_eq!(
            home_dir("coal", "coal-dev"),
            "/var/lib/devbox/.homes/coal/coal-dev"
        );
    }

    #[test]
    fn home_project_offsets_are_stable_distinct_and_in_range() {
        let alone = assign_offsets(["gale-data"], name_hash);
        let with_others = assign_offsets(["a", "gale-data", "zz"], name_hash);
        // A container's offset does not move when others come or go.
        assert_eq!(alone["gale-data"], with_others["gale-data"]);
        // The documented formula: SHA-256 of the name, first 32 bits, mod 2^30
        // (sha256("gale-data") starts 81ed0047).
        assert_eq!(alone["gale-data"], 0x81ed_0047 % (1 << 30));
        // Clashing hashes: the later name takes the next free offset, wrapping.
        let clash = assign_offsets(["a", "b", "c"], |_| OFFSET_SPAN - 1);
        assert_eq!(
            clash.into_iter().collect::<Vec<_>>(),
            [
                ("a".to_owned(), OFFSET_SPAN - 1),
                ("b".to_owned(), 0),
                ("c".to_owned(), 1)
            ]
        );
    }
}
