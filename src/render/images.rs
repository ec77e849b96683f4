//! `images/<image>/default.nix` (a `dockerTools.buildLayeredImage` call per
//! image) and `images/default.nix` (all of them, by name). nixpkgs'
//! `buildLayeredImage` takes `contents` (not `buildImage`'s `copyToRoot`),
//! needs `maxLayers > 1`, and sets the owner of `/nix/store` with `uid`/`gid`,
//! not the container user: the user comes from `dockerTools.fakeNss` and
//! `config.User`, and `/tmp` (an image has none) and the home are made in the
//! customisation layer.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::FileMode;
use super::filters::shell;
use super::layout;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Image, Spec};

const IMAGE: &str = "images/image.nix.j2";
const INDEX: &str = "images/default.nix.j2";

pub const TEMPLATES: Templates = &[
    (IMAGE, include_str!("../../templates/images/image.nix.j2")),
    (INDEX, include_str!("../../templates/images/default.nix.j2")),
];

/// In every image: the entrypoint's shell and tools, the CA bundle, Tailscale.
/// `bashInteractive` also provides `sh`, `coreutils` `env`, `uname`, `mkdir`,
/// `chmod`, `mv`.
const BASE: &[&str] = &["bashInteractive", "coreutils", "jq", "cacert", "tailscale"];

/// What Zed's remote-server bootstrap runs on the server, beyond `BASE`
/// (zed-industries/zed, crates/remote/src/transport/ssh.rs at commit
/// 1c067e5438c848f0de9f2c4319e991e4b8174ecb): every step is `cd; PROGRAM ARGS`
/// through the login shell: `sh -c 'echo $SHELL'`, `uname -sm`,
/// `<server> version`, `mkdir -p`, the download on the server `curl -f -L URL
/// -o F.gz` (else `which curl`, `wget URL -O F.gz`, `which wget`), or the
/// upload from the Mac over SFTP/SCP (the SSH server's business), then
/// `sh -c 'gunzip -f F.gz && chmod 755 F && mv F DST'` and `env … DST proxy`.
/// The desktop app (`zed-editor`) is never run on the server.
pub const ZED_REMOTE_SERVER_NEEDS: &[&str] = &["gzip", "curl", "which"];

/// Where `cacert` puts its bundle once linked into the image root.
const CA_BUNDLE: &str = "/etc/ssl/certs/ca-bundle.crt";

/// The image user's shell in /etc/passwd.
pub const LOGIN_SHELL: &str = "/bin/devbox-login-shell";

/// What an image template sees.
#[derive(Debug, Serialize)]
pub struct ImageView {
    pub name: String,
    /// `localhost/devbox-<image>`: with `tag`, the reference podman loads it under.
    pub repository: String,
    pub tag: String,
    pub reference: String,
    pub user: String,
    pub uid: i64,
    pub home: String,
    /// `/etc/passwd` and `/etc/group` lines of the image user (`fakeNss`).
    pub passwd_line: String,
    pub group_line: String,
    /// nixpkgs attribute paths, the fixed base first, without duplicates.
    pub contents: Vec<String>,
    pub max_layers: i64,
    /// `config.Env`: `K=V`, sorted by name; the image's `env` wins over ours.
    pub env: Vec<String>,
    /// Shell run in the customisation layer, with paths relative to the layer root
    /// (`extraCommands` runs there, not in `/`).
    pub extra_commands: String,
    pub fake_root_commands: String,
    /// The containers built from it, for the header comment.
    pub containers: Vec<String>,
}

impl ImageView {
    pub fn new(spec: &Spec, image: &Image) -> Self {
        let name = image.name.value.clone();
        let users_of: Vec<_> = spec
            .containers
            .values()
            .filter(|c| c.image.as_ref().is_some_and(|i| i.value == name))
            .collect();
        let mut contents: Vec<String> = BASE.iter().map(|s| (*s).to_owned()).collect();
        let mut add = |names: &[&str]| {
            for n in names {
                if !contents.iter().any(|c| c == n) {
                    contents.push((*n).to_owned());
                }
            }
        };
        if users_of.iter().any(|c| c.syncthing.enable) {
            add(&["syncthing"]);
        }
        if users_of.iter().any(|c| c.tailscale.plain_ssh()) {
            add(&["openssh"]);
        }
        if image.editors.zed {
            add(ZED_REMOTE_SERVER_NEEDS);
        }
        if image.editors.code_server {
            add(&["code-server"]);
        }
        // The owners' login shells, when not bash (which is always there).
        let shells: BTreeSet<String> = users_of
            .iter()
            .filter_map(|c| spec.users.get(&c.owner.value))
            .map(|u| u.shell.value.clone())
            .filter(|s| s != "bash")
            .collect();
        for s in &shells {
            add(&[s.as_str()]);
        }
        // In the spec's order, each package once: a set of those seen, not a
        // rescan of the list per package (quadratic: 100,000 packages took 27 s).
        let mut seen: HashSet<String> = contents.iter().cloned().collect();
        for p in &image.packages {
            if seen.insert(p.value.0.clone()) {
                contents.push(p.value.0.clone());
            }
        }

        let user = image.user.name.value.clone();
        let uid = image.user.uid.value;
        let home = image.user.home.value.clone();
        let mut env: BTreeMap<String, String> = BTreeMap::from([
            ("HOME".to_owned(), home.clone()),
            ("USER".to_owned(), user.clone()),
            ("PATH".to_owned(), "/bin".to_owned()),
            ("SSL_CERT_FILE".to_owned(), CA_BUNDLE.to_owned()),
        ]);
        env.extend(image.env.iter().map(|(k, v)| (k.clone(), v.value.clone())));

        let home_rel = shell::quote(home.trim_start_matches('/'));
        let repository = layout::image_repository(&name);
        ImageView {
            reference: layout::image_ref(&name, &image.tag.value),
            tag: image.tag.value.clone(),
            // The login shell is the owner's, per container (an image may be
            // shared by owners with different shells): /bin/devbox-login-shell
            // execs the shell the container's entrypoint recorded.
            passwd_line: format!("{user}:x:{uid}:{uid}:devbox user:{home}:{LOGIN_SHELL}"),
            group_line: format!("{user}:x:{uid}:"),
            contents,
            max_layers: image.max_layers.value,
            env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            extra_commands: format!("mkdir -p tmp {home_rel} && chmod 1777 tmp"),
            fake_root_commands: format!("chown -R {uid}:{uid} {home_rel}"),
            containers: users_of.iter().map(|c| c.name.value.clone()).collect(),
            repository,
            name,
            user,
            uid,
            home,
        }
    }
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let mut names = Vec::new();
    for image in spec.images.values() {
        let view = ImageView::new(spec, image);
        tree.add(
            layout::image_file(&view.name, "default.nix"),
            r.render(IMAGE, context! { img => Value::from(Serde(&view)) })?,
            FileMode::Regular,
        );
        names.push(view.name);
    }
    tree.add(
        layout::IMAGES_INDEX,
        r.render(INDEX, context! { images => names })?,
        FileMode::Regular,
    );
    Ok(())
}
