//! The generated Nix through Nix 2.8 itself: every `.nix` parses; each image
//! and the NixOS module evaluate against the stubs in `tests/nix-stubs/`
//! (real formal arguments, no `...`), to values we check and snapshot; the ACL
//! snippet is JSON once its comments are gone. CI requires `nix-instantiate`;
//! locally a missing one makes a test skip loudly.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::model::PodmanVersion;
use devbox_gen::pipeline::{compile, compile_for_podman};
use devbox_gen::render::filters::nix;
use serde_json::{Value, json};
use support::NixInput;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stubs() -> PathBuf {
    manifest_dir().join("tests/nix-stubs")
}

/// Renders a spec directory (relative to the crate) into a temporary directory.
fn render(spec: &str) -> tempfile::TempDir {
    let spec = Utf8Path::from_path(manifest_dir())
        .expect("utf8")
        .join(spec);
    let compiled = compile(&spec, None);
    assert!(!compiled.has_errors(), "{spec} must be valid");
    let tree = compiled.tree.expect("tree");
    let out = tempfile::tempdir().expect("tmp");
    emit::write(&tree, Utf8Path::from_path(out.path()).expect("utf8")).expect("write tree");
    out
}

/// A Nix expression for an absolute path (any characters).
fn nix_path(p: &Path) -> String {
    format!("(/. + {})", nix::string(&p.display().to_string()))
}

/// Evaluates `import <stubs>/<file> { <args> }` to JSON; `None`: skipped.
fn eval_stub(file: &str, args: &str) -> Option<Result<Value, String>> {
    let expr = format!("import {} {{ {args} }}", nix_path(&stubs().join(file)));
    support::nix_eval_json(NixInput::Expr(&expr), &[])
}

fn eval_image(tree: &Path, image: &str) -> Option<Value> {
    let args = format!("tree = {}; image = {};", nix_path(tree), nix::string(image));
    Some(eval_stub("eval-image.nix", &args)?.unwrap_or_else(|e| panic!("{e}")))
}

fn eval_module(tree: &Path, uids: &str, token: &str) -> Option<Value> {
    eval_module_in(tree, "nixos", uids, token)
}

/// [`eval_module`] of the module in directory `module` of the tree
/// (`nixos/<server>` for a spec with `servers`).
fn eval_module_in(tree: &Path, module: &str, uids: &str, token: &str) -> Option<Value> {
    let args = format!(
        "tree = {}; uids = {uids}; opTokenFile = {}; module = {};",
        nix_path(tree),
        nix::string(token),
        nix::string(module)
    );
    Some(eval_stub("eval-module.nix", &args)?.unwrap_or_else(|e| panic!("{module}: {e}")))
}

/// The tree's tailnet policy snippet: its text and its JSON (HuJSON without
/// the comment lines).
fn acl_snippet(tree: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(tree.join("tailscale/acl-snippet.hujson")).expect("snippet");
    let json_text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let v = serde_json::from_str(&json_text).expect("the snippet is HuJSON: JSON plus comments");
    (text, v)
}

/// [`eval_module`] on a host whose `virtualisation.podman.package` is podman `version`.
fn eval_module_on_podman(tree: &Path, uids: &str, version: &str) -> Option<Value> {
    let args = format!(
        "tree = {}; uids = {uids}; podmanVersion = {};",
        nix_path(tree),
        nix::string(version)
    );
    Some(eval_stub("eval-module.nix", &args)?.unwrap_or_else(|e| panic!("{e}")))
}

const TEAM_UIDS: &str = "{ coal = 1001; ash = 1002; }";
const TOKEN: &str = "/run/secrets/devbox-op-token";

fn files_with_suffix(root: &Path, suffix: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, suffix, out);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, suffix, &mut out);
    out.sort();
    out
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn every_generated_nix_file_parses() {
    for spec in ["examples/team", "tests/specs/awkward-strings"] {
        let out = render(spec);
        let files = files_with_suffix(out.path(), ".nix");
        let rel: Vec<_> = files
            .iter()
            .map(|f| {
                f.strip_prefix(out.path())
                    .expect("inside")
                    .display()
                    .to_string()
            })
            .collect();
        for expected in ["default.nix", "images/default.nix", "nixos/default.nix"] {
            assert!(
                rel.iter().any(|r| r == expected),
                "{spec}: no {expected} in {rel:?}"
            );
        }
        for f in files {
            let Some(result) = support::nix_parse(&f) else {
                return;
            };
            if let Err(e) = result {
                panic!("{spec}: {e}");
            }
        }
    }
}

#[test]
fn images_evaluate_against_the_real_buildlayeredimage_arguments() {
    let out = render("examples/team");
    let Some(rust) = eval_image(out.path(), "rust") else {
        return;
    };
    assert_eq!(rust["name"], "localhost/devbox-rust");
    assert_eq!(rust["tag"], "2025.11");
    assert_eq!(rust["maxLayers"], 100);
    let contents = strings(&rust["contents"]);
    for p in [
        "bashInteractive",
        "coreutils",
        "jq",
        "cacert",
        "tailscale",
        // What Zed's remote-server bootstrap runs (see zed_bootstrap_* below).
        "gzip",
        "curl",
        "which",
        "git",
        "ripgrep",
        "openssl.dev",
        "rustup",
        // coal, the only owner of a rust container, logs in with zsh.
        "zsh",
    ] {
        assert!(
            contents.contains(&format!("<drv {p}>").as_str()),
            "rust lacks {p}: {contents:?}"
        );
    }
    // The desktop app is never run on the server; no container of rust has
    // plain SSH.
    for p in ["syncthing", "code-server", "fish", "zed-editor", "openssh"] {
        assert!(
            !contents.contains(&format!("<drv {p}>").as_str()),
            "rust has {p}"
        );
    }
    let jq = contents.iter().filter(|c| **c == "<drv jq>").count();
    assert_eq!(jq, 1, "jq is both base and listed: once");
    let items = rust["contents"].as_array().expect("list");
    let nss = items
        .iter()
        .find(|c| c["drv"] == "fake-nss")
        .expect("fakeNss");
    assert_eq!(
        nss["args"],
        json!({
            // The login shell execs the owner's shell the container recorded.
            "extraPasswdLines": ["dev:x:1000:1000:devbox user:/home/dev:/bin/devbox-login-shell"],
            "extraGroupLines": ["dev:x:1000:"],
        })
    );
    let entry = items
        .iter()
        .find(|c| c["drv"] == "devbox-entrypoint")
        .expect("the entrypoint in the image");
    let script = std::fs::read_to_string(out.path().join("images/rust/entrypoint.sh"))
        .expect("entrypoint.sh beside the image");
    assert_eq!(
        entry["args"]["text"],
        script.as_str(),
        "the entrypoint is baked in verbatim"
    );
    for (drv, dest, file) in [
        (
            "devbox-login-shell",
            "/bin/devbox-login-shell",
            "login-shell.sh",
        ),
        ("devbox-health", "/bin/devbox-health", "health.sh"),
    ] {
        let item = items
            .iter()
            .find(|c| c["drv"] == drv)
            .unwrap_or_else(|| panic!("{drv} in the image"));
        let script = std::fs::read_to_string(out.path().join("images/rust").join(file))
            .expect("script beside the image");
        assert_eq!(item["args"]["text"], script.as_str(), "{drv}");
        assert_eq!(item["args"]["destination"], dest, "{drv}");
        assert_eq!(item["args"]["executable"], true, "{drv}");
    }

    let config = &rust["config"];
    assert_eq!(config["User"], "1000:1000");
    assert_eq!(config["WorkingDir"], "/home/dev");
    let entrypoint = strings(&config["Entrypoint"]);
    assert!(
        entrypoint[0].ends_with("-bashInteractive/bin/bash"),
        "{entrypoint:?}"
    );
    assert!(
        entrypoint[1].ends_with("-devbox-entrypoint/bin/devbox-entrypoint"),
        "{entrypoint:?}"
    );
    let cmd = strings(&config["Cmd"]);
    assert!(
        cmd.len() == 2 && cmd[0].ends_with("-coreutils/bin/sleep") && cmd[1] == "infinity",
        "{cmd:?}"
    );
    assert_eq!(
        strings(&config["Env"]),
        [
            "CARGO_HOME=/home/dev/.cargo",
            "HOME=/home/dev",
            "PATH=/bin",
            "SSL_CERT_FILE=/etc/ssl/certs/ca-bundle.crt",
            "USER=dev",
        ]
    );
    // An image has no /tmp: it is made with the sticky bit, and the home, with paths
    // relative to the layer root (where dockerTools runs `extraCommands`).
    assert_eq!(
        rust["extraCommands"],
        "mkdir -p tmp home/dev && chmod 1777 tmp"
    );
    assert_eq!(rust["fakeRootCommands"], "chown -R 1000:1000 home/dev");

    let Some(python) = eval_image(out.path(), "python") else {
        return;
    };
    assert_eq!(python["name"], "localhost/devbox-python");
    assert_eq!(python["tag"], "latest");
    assert_eq!(python["maxLayers"], 80);
    let contents = strings(&python["contents"]);
    // coal-notes enables Syncthing; ash logs in with fish, coal with zsh.
    for p in [
        "syncthing",
        "code-server",
        "fish",
        "zsh",
        "python3Packages.ipython",
        "uv",
    ] {
        assert!(
            contents.contains(&format!("<drv {p}>").as_str()),
            "python lacks {p}: {contents:?}"
        );
    }
    assert!(!contents.contains(&"<drv zed-editor>"));
}

#[test]
fn the_stub_refuses_what_nixpkgs_refuses() {
    // The stub has the real formals and no `...`: `copyToRoot` (buildImage's
    // argument) or a misspelt one is an evaluation error, as with nixpkgs.
    let pkgs = nix_path(&stubs().join("pkgs.nix"));
    for bad in ["copyToRoot = [ ];", "maxLayer = 100;", "maxLayers = 1;"] {
        let expr =
            format!("(import {pkgs}).dockerTools.buildLayeredImage {{ name = \"x\"; {bad} }}");
        let Some(result) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
            return;
        };
        assert!(result.is_err(), "`{bad}` must not evaluate");
    }
    let expr = format!("(import {pkgs}).dockerTools.fakeNss.override {{ extraPasswdLine = [ ]; }}");
    if let Some(result) = support::nix_eval_json(NixInput::Expr(&expr), &[]) {
        assert!(
            result.is_err(),
            "fakeNss.override takes no unknown argument"
        );
    }
}

#[test]
fn awkward_strings_round_trip_through_nix() {
    let spec_dir = manifest_dir().join("tests/specs/awkward-strings");
    let out = render("tests/specs/awkward-strings");
    let Some(image) = eval_image(out.path(), "odd") else {
        return;
    };
    let expected = [
        "BACKSLASHES=C:\\dir\\ and \\n not a newline \\",
        "HOME=/srv/scribe",
        "INDENTED=''quoted'' ${not} \t\n",
        "INTERPOLATION=${HOME} ''${x} $USER $ $$ {} \\${y}",
        "NEWLINES=line 1\nline 2\r\n\ttabbed",
        "PATH=/bin",
        "QUOTES=say \"hi\" and 'bye'",
        "SSL_CERT_FILE=/etc/ssl/certs/ca-bundle.crt",
        "UNICODE=héllo — ✓",
        "USER=scribe",
    ];
    assert_eq!(strings(&image["config"]["Env"]), expected);
    // And exactly what Nix itself makes of the spec's own strings.
    let expr = format!(
        "(import {}).images.odd.env",
        nix_path(&spec_dir.join("containers.nix"))
    );
    let Some(truth) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
        return;
    };
    let truth = truth.unwrap_or_else(|e| panic!("{e}"));
    for (k, v) in truth.as_object().expect("env attrs") {
        let line = format!("{k}={}", v.as_str().expect("string"));
        assert!(
            expected.contains(&line.as_str()),
            "{line:?} lost on the way"
        );
    }
    assert_eq!(image["tag"], "v1.0_rc-2");
    assert_eq!(
        image["extraCommands"],
        "mkdir -p tmp srv/scribe && chmod 1777 tmp"
    );
    assert_eq!(image["fakeRootCommands"], "chown -R 2000:2000 srv/scribe");
}

/// The module's JSON with the user units' text (the scripts' files, checked
/// to be read verbatim) replaced by where it comes from.
fn module_for_snapshot(tree: &Path, mut v: Value) -> Value {
    let units = v["module"]["config"]["content"]["systemd"]["user"]["units"]
        .as_object_mut()
        .expect("user units");
    for (name, unit) in units.iter_mut() {
        let (stem, ext) = name.rsplit_once('.').expect("unit type");
        let (base, owner) = stem.rsplit_once('-').expect("<name>-<owner>");
        let source = format!("users/{owner}/systemd/{base}.{ext}");
        let text = std::fs::read_to_string(tree.join(&source)).expect("unit file in the tree");
        assert_eq!(unit["text"], text.as_str(), "{name} is {source} verbatim");
        unit["text"] = Value::from(format!("<contents of {source}>"));
    }
    v
}

#[test]
fn nixos_module_evaluates_against_stubs() {
    let out = render("examples/team");
    let Some(v) = eval_module(out.path(), TEAM_UIDS, TOKEN) else {
        return;
    };
    let text = serde_json::to_string(&v).expect("json");
    for secret in ["tskey-", "ops_", "OP_SERVICE_ACCOUNT_TOKEN=", "BEGIN"] {
        assert!(
            !text.contains(secret),
            "no secret value ({secret}) in the module"
        );
    }
    assert_eq!(
        strings(&v["imagesDefault"]),
        ["python", "rust"],
        "default images: the tree's"
    );
    assert_eq!(
        v["unfree"],
        json!([
            { "name": "1password-cli", "allowed": true },
            { "name": "vscode", "allowed": false },
            { "name": "zed-editor", "allowed": false },
            { "name": "podman", "allowed": false },
        ]),
        "the unfree predicate allows exactly the 1Password CLI"
    );

    let m = &v["module"];
    let options = &m["options"]["devbox"];
    assert_eq!(
        options["opTokenFile"]["type"], "str",
        "a string: never copied to the store"
    );
    assert!(
        options["opTokenFile"].get("default").is_none(),
        "no default token path"
    );
    assert_eq!(m["config"]["condition"], true);
    let c = &m["config"]["content"];
    assert!(
        c["assertions"]
            .as_array()
            .expect("assertions")
            .iter()
            .all(|a| a["assertion"] == true)
    );
    assert_eq!(c["virtualisation"]["podman"]["enable"], true);
    for (owner, uid) in [("coal", 1001), ("ash", 1002)] {
        let u = &c["users"]["users"][owner];
        assert_eq!(u["linger"], true);
        assert_eq!(u["autoSubUidGidRange"], true);
        assert!(
            u.get("uid").is_none(),
            "the uid stays the host's own (users.nix)"
        );
        let cmd = &u["packages"][0];
        assert_eq!(cmd["args"]["name"], format!("devbox-command-{owner}"));
        assert!(
            cmd["args"]["buildCommand"]
                .as_str()
                .is_some_and(|s| s.contains(&format!(
                    "'/etc/devbox/users/{owner}/bin/devbox' $out/bin/devbox"
                ))),
            "{cmd}"
        );

        // A switch fails when the owner's real uid is not users.nix's.
        let uids = c["system"]["activationScripts"]["devbox-uids"]["text"]
            .as_str()
            .expect("uid check");
        assert!(uids.contains(&format!("'{owner}:{uid}'")), "{uids}");
        assert!(uids.contains("false"), "{uids}");
        // The reconcile after a switch knows each container of the owner by
        // a key over its Quadlet files and image.
        let reconcile = c["system"]["userActivationScripts"]["devbox-reconcile"]
            .as_str()
            .expect("reconcile");
        let line = reconcile
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{uid})")))
            .unwrap_or_else(|| panic!("no case for {uid}:\n{reconcile}"));
        assert!(
            line.contains("/bin/devbox-reconcile.sh 'loader:devbox-image-"),
            "{line}"
        );
        let keys: Vec<&str> = line
            .split('\'')
            .filter(|w| w.starts_with("container:"))
            .collect();
        assert!(!keys.is_empty(), "{line}");
        for k in keys {
            let key = k.rsplit(':').next().unwrap_or_default();
            assert!(
                key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()),
                "{k}"
            );
        }

        let etc = c["environment"]["etc"].as_object().expect("etc");
        let quadlet: Vec<_> =
            files_with_suffix(&out.path().join("users").join(owner).join("quadlet"), "")
                .into_iter()
                .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
                .collect();
        assert!(!quadlet.is_empty());
        for f in &quadlet {
            let key = format!("containers/systemd/users/{uid}/{f}");
            assert_eq!(
                etc[&key]["source"],
                format!("<tree>/users/{owner}/quadlet/{f}"),
                "{key}"
            );
        }
        for script in ["devbox", "devbox-authkey", "devbox-cleanup"] {
            if out
                .path()
                .join(format!("users/{owner}/bin/{script}"))
                .exists()
            {
                let e = &etc[&format!("devbox/users/{owner}/bin/{script}")];
                assert_eq!(e["mode"], "0555");
                // The script wrapped by writeShellApplication (its tools on PATH).
                assert_eq!(
                    e["source"],
                    format!("/nix/store/00000000000000000000000000000000-{script}/bin/{script}")
                );
            }
        }

        let system = &c["systemd"]["services"][format!("devbox-authkey-{owner}")];
        let sc = &system["serviceConfig"];
        assert_eq!(sc["Type"], "oneshot");
        assert_eq!(sc["RemainAfterExit"], true);
        assert_eq!(
            sc["ExecStart"],
            format!("/etc/devbox/users/{owner}/bin/devbox-authkey fetch")
        );
        assert_eq!(sc["LoadCredential"], format!("op-token:{TOKEN}"));
        // Nothing waits for it: a hanging `op` must not hold back the owner's
        // user manager (their logins); it gives up after a minute.
        assert!(system.get("before").is_none(), "{system}");
        assert_eq!(sc["TimeoutStartSec"], "1min");
        assert_eq!(strings(&system["wantedBy"]), ["multi-user.target"]);
        assert_eq!(
            strings(&system["path"]),
            [
                "<drv 1password-cli-2.32.0>",
                "<drv bash>",
                "<drv coreutils>"
            ],
            "op, and bash for the scripts' `#!/usr/bin/env bash`"
        );
        assert!(
            system
                .get("environment")
                .is_some_and(|e| e.get("OP_SERVICE_ACCOUNT_TOKEN").is_none())
        );
        let refresh = format!("devbox-authkey-refresh-{owner}");
        assert_eq!(
            c["systemd"]["services"][&refresh]["serviceConfig"]["ExecStart"],
            sc["ExecStart"]
        );
        // Root runs these units next to a directory the owner controls: the
        // whole file system read-only but the keys directory (made by
        // systemd-tmpfiles before any unit: a missing ReadWritePaths= fails
        // the unit), no home, a private /tmp, no new privileges.
        for unit in [format!("devbox-authkey-{owner}"), refresh.clone()] {
            let sc = &c["systemd"]["services"][&unit]["serviceConfig"];
            assert_eq!(sc["ProtectSystem"], "strict", "{unit}");
            assert_eq!(
                strings(&sc["ReadWritePaths"]),
                ["/run/devbox/keys"],
                "{unit}"
            );
            assert_eq!(sc["ProtectHome"], true, "{unit}");
            assert_eq!(sc["PrivateTmp"], true, "{unit}");
            assert_eq!(sc["NoNewPrivileges"], true, "{unit}");
            assert!(sc.get("ExecStartPre").is_none(), "{unit}");
        }
        // ReadWritePaths= of a missing directory fails the unit before it runs:
        // the directory comes from tmpfiles at boot, root's and 0755.
        assert_eq!(
            strings(&c["systemd"]["tmpfiles"]["rules"]),
            [
                "d /run/devbox 0755 root root -",
                "d /run/devbox/keys 0755 root root -"
            ]
        );
        assert_eq!(
            strings(&c["systemd"]["tmpfiles"]["rules"]),
            [
                "d /run/devbox 0755 root root -",
                "d /run/devbox/keys 0755 root root -"
            ]
        );
        assert_eq!(
            c["systemd"]["timers"][&refresh]["timerConfig"]["OnCalendar"],
            "hourly"
        );

        for ext in ["service", "timer"] {
            let source = format!("users/{owner}/systemd/devbox-cleanup.{ext}");
            if out.path().join(&source).exists() {
                let unit = &c["systemd"]["user"]["units"][format!("devbox-cleanup-{owner}.{ext}")];
                assert_eq!(
                    unit["text"],
                    std::fs::read_to_string(out.path().join(&source))
                        .expect("read")
                        .as_str()
                );
                assert!(
                    unit["text"]
                        .as_str()
                        .is_some_and(|t| t.contains(&format!("ConditionUser={owner}")))
                );
                if ext == "timer" {
                    assert_eq!(strings(&unit["wantedBy"]), ["timers.target"]);
                }
            }
        }
    }

    let loaders = &c["systemd"]["user"]["services"];
    let python = &loaders["devbox-image-python"];
    assert_eq!(
        strings(&python["unitConfig"]["ConditionUser"]),
        ["|ash", "|coal"]
    );
    assert_eq!(
        python["serviceConfig"]["ExecStart"],
        "/nix/store/00000000000000000000000000000000-devbox-load-image localhost/devbox-python:latest \
         /nix/store/00000000000000000000000000000000-devbox-image-python.tar.gz"
    );
    assert_eq!(python["serviceConfig"]["RemainAfterExit"], true);
    assert_eq!(
        strings(&loaders["devbox-image-rust"]["unitConfig"]["ConditionUser"]),
        ["|coal"]
    );

    insta::assert_snapshot!(
        "nixos_module_team",
        serde_json::to_string_pretty(&module_for_snapshot(out.path(), v)).expect("json")
    );
}

#[test]
fn module_assertions_catch_a_wrong_uid_and_a_bad_token_path() {
    let out = render("examples/team");
    let assertions = |v: &Value| -> BTreeMap<String, bool> {
        v["module"]["config"]["content"]["assertions"]
            .as_array()
            .expect("assertions")
            .iter()
            .map(|a| {
                (
                    a["message"].as_str().expect("message").to_owned(),
                    a["assertion"].as_bool().expect("bool"),
                )
            })
            .collect()
    };
    let Some(v) = eval_module(out.path(), "{ coal = 1001; ash = 4242; }", TOKEN) else {
        return;
    };
    let failed: Vec<_> = assertions(&v)
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(m, _)| m)
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].contains("users.users.ash.uid = 1002"),
        "{failed:?}"
    );

    let Some(v) = eval_module(out.path(), "{ }", TOKEN) else {
        return;
    };
    assert_eq!(
        assertions(&v).values().filter(|ok| !**ok).count(),
        2,
        "owners unknown to the host"
    );

    for token in [
        "secrets/op-token",
        "/nix/store/00000000000000000000000000000000-op-token",
    ] {
        let Some(v) = eval_module(out.path(), TEAM_UIDS, token) else {
            return;
        };
        let bad: Vec<_> = assertions(&v).into_iter().filter(|(_, ok)| !ok).collect();
        assert!(
            bad.len() == 1 && bad[0].0.contains("devbox.opTokenFile"),
            "{token}: {bad:?}"
        );
    }
}

#[test]
fn root_default_nix_ties_the_tree_together() {
    let out = render("examples/team");
    let root = nix_path(out.path());
    let pkgs = nix_path(&stubs().join("pkgs.nix"));
    let expr = format!(
        "let t = import {root}; in {{ attrs = builtins.attrNames t; images = builtins.attrNames (t.images (import {pkgs})); \
         module = builtins.isFunction t.nixosModules.default; }}"
    );
    let Some(v) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
        return;
    };
    let v = v.unwrap_or_else(|e| panic!("{e}"));
    // `darwinConfigurations` exactly when the tree has darwin/default.nix.
    let mut attrs = vec!["images", "nixosModules"];
    if out.path().join("darwin/default.nix").exists() {
        attrs.insert(0, "darwinConfigurations");
    }
    assert_eq!(
        v,
        json!({ "attrs": attrs, "images": ["python", "rust"], "module": true })
    );
}

#[test]
fn acl_snippet_is_json_with_comments_and_isolates_owners() {
    let out = render("examples/team");
    let (text, v) = acl_snippet(out.path());
    assert_eq!(
        v["tagOwners"],
        json!({ "tag:ash": ["autogroup:admin"], "tag:devbox": ["autogroup:admin"] })
    );
    // ash reaches ash-py through tag:ash, which only ash's containers carry;
    // coal's containers carry only the shared tag:devbox: no rule, a warning.
    assert_eq!(
        v["ssh"],
        json!([{ "action": "accept", "src": ["ash@example.com"], "dst": ["tag:ash"], "users": ["dev"] }])
    );
    assert_eq!(
        v["acls"],
        json!([{ "action": "accept", "src": ["ash@example.com"], "dst": ["tag:ash:22"] }])
    );
    assert!(
        text.contains("WARNING: coal-notes, coal-rust of `coal`"),
        "{text}"
    );

    // two-owners: rowan's Tailscale-SSH container by its own tag; sage's
    // container has its own sshd (port 22, no `ssh` rule) and Syncthing (22000).
    // Nothing else: the GUI (8384) and code-server (8080) stay off the tailnet.
    let out = render("tests/specs/two-owners");
    let (_, v) = acl_snippet(out.path());
    assert_eq!(
        v["acls"],
        json!([
            { "action": "accept", "src": ["rowan@example.com"], "dst": ["tag:devbox:22"] },
            { "action": "accept", "src": ["sage@example.com"],
              "dst": ["autogroup:self:22", "autogroup:self:22000"] }
        ])
    );
    assert_eq!(
        v["ssh"],
        json!([{ "action": "accept", "src": ["rowan@example.com"], "dst": ["tag:devbox"], "users": ["dev"] }])
    );
}

/// The binaries a nixpkgs package puts into the image's `/bin` (buildLayeredImage
/// links each of `contents` into the root): what nixpkgs' derivations install
/// (bash's `sh` link, coreutils' programs, gzip's `gunzip` script, …), only
/// those the replay below needs.
const PACKAGE_BINARIES: &[(&str, &[&str])] = &[
    ("bashInteractive", &["bash", "sh"]),
    (
        "coreutils",
        &["mkdir", "chmod", "mv", "uname", "env", "cat", "rm"],
    ),
    ("gzip", &["gzip", "gunzip"]),
    ("curl", &["curl"]),
    ("which", &["which"]),
    ("wget", &["wget"]),
];

/// Zed's remote-server bootstrap, step by step, as it runs on the server
/// (zed-industries/zed, crates/remote/src/transport/ssh.rs at commit
/// 1c067e5438c848f0de9f2c4319e991e4b8174ecb): each step is one `ssh` command
/// line `cd; PROGRAM ARGS…` that the login shell runs. The download on the
/// server is tried first (curl, else `which curl` / wget / `which wget`); its
/// upload fallback goes over SFTP/SCP, the SSH server's part.
fn zed_bootstrap(url: &str) -> Vec<String> {
    let dir = ".zed_server";
    let bin = format!("{dir}/zed-remote-server-stable-0.200.0");
    let gz = format!("{bin}-download-42.gz");
    let tmp = gz.trim_end_matches(".gz").to_owned();
    vec![
        // SshSocket::shell, then ::platform
        "cd; sh -c 'echo $SHELL'".to_owned(),
        "cd; uname -sm".to_owned(),
        // ensure_server_binary: is the right server there already? (not yet)
        format!("cd; {bin} version || true"),
        // download_binary_on_server
        format!("cd; mkdir -p {dir}"),
        format!("cd; curl -f -L {url} -o {gz}"),
        // extract_server_binary
        format!("cd; sh -c 'gunzip -f {gz} && chmod 755 {tmp} && mv {tmp} {bin}'"),
        // start_proxy
        format!("cd; env RUST_LOG=info {bin} proxy --identifier dev-1"),
    ]
}

/// Runs `steps` as a login shell of the image would, with only the image's
/// `/bin` (the binaries of `contents`, linked to this machine's) on PATH: the
/// output of each, or the first step that failed.
fn replay_in_image(contents: &[&str], steps: &[String]) -> Result<Vec<String>, String> {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("tmp");
    let bin = root.path().join("bin");
    let home = root.path().join("home");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::create_dir_all(&home).expect("home");
    for (package, binaries) in PACKAGE_BINARIES {
        if !contents.contains(&format!("<drv {package}>").as_str()) {
            continue;
        }
        for b in *binaries {
            if *b == "curl" {
                // Offline: curl "downloads" the server, a gzipped script
                // (compressed by this machine's gzip, not the image's).
                let gzip = support::tool("gzip").expect("gzip on this machine");
                let fake = format!(
                    "#!/bin/sh\n# curl -f -L URL -o FILE\nprintf '#!/bin/sh\\necho \"zed-remote-server $*\"\\n' | {} -c >\"$5\"\n",
                    gzip.display()
                );
                std::fs::write(bin.join("curl"), fake).expect("curl");
                std::fs::set_permissions(bin.join("curl"), PermissionsExt::from_mode(0o755))
                    .expect("chmod");
                continue;
            }
            let Some(real) = support::tool(b) else {
                panic!("{b} is not on this machine");
            };
            std::os::unix::fs::symlink(real, bin.join(b)).expect("link");
        }
    }
    let mut ran = Vec::new();
    for step in steps {
        // The login shell (bash is in every image), with the image's PATH
        // only (config.Env PATH=/bin).
        let o = Command::new(bin.join("bash"))
            .args(["-c", step])
            .env_clear()
            .env("PATH", &bin)
            .env("HOME", &home)
            .env("SHELL", bin.join("bash"))
            .output()
            .expect("run step");
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        if !o.status.success() || stderr.contains("not found") {
            return Err(format!("`{step}`: {stderr}"));
        }
        ran.push(String::from_utf8_lossy(&o.stdout).trim().to_owned());
    }
    Ok(ran)
}

#[test]
fn zed_bootstrap_commands_resolve_in_an_image_with_editors_zed() {
    let out = render("examples/team");
    let steps = zed_bootstrap(
        "https://zed.dev/api/releases/stable/0.200.0/zed-remote-server-linux-x86_64.gz",
    );
    let Some(rust) = eval_image(out.path(), "rust") else {
        return;
    };
    let ran = replay_in_image(&strings(&rust["contents"]), &steps)
        .unwrap_or_else(|e| panic!("rust (editors.zed): {e}"));
    assert!(ran[1].starts_with("Linux "), "uname -sm: {}", ran[1]);
    assert_eq!(
        ran[6], "zed-remote-server proxy --identifier dev-1",
        "the server was downloaded, unpacked and started"
    );

    // The python image has no editors.zed: the unpacking step finds no gunzip.
    let Some(python) = eval_image(out.path(), "python") else {
        return;
    };
    let err = replay_in_image(&strings(&python["contents"]), &steps)
        .expect_err("python has no editors.zed");
    assert!(err.contains("gunzip"), "{err}");
}

/// tests/specs/two-servers: the root `default.nix` has one module per server
/// and no `default` (two servers); each module, evaluated against the stubs,
/// installs its own server's containers, owners, key units and image loaders
/// and nothing of the other's. A spec with one declared server also has
/// `nixosModules.default`, the same module.
#[test]
fn each_server_module_installs_only_its_own_containers() {
    let out = render("tests/specs/two-servers");
    let root = nix_path(out.path());
    let expr = format!("builtins.attrNames (import {root}).nixosModules");
    let Some(v) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
        return;
    };
    assert_eq!(
        v.unwrap_or_else(|e| panic!("{e}")),
        json!(["build", "gpu-box"])
    );
    assert!(!out.path().join("nixos/default.nix").exists());
    assert!(!out.path().join("users").exists());

    let uids = "{ rowan = 1101; sage = 1102; }";
    // (server, its containers, its owners, its image loaders)
    type Expected<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let expected: [Expected; 2] = [
        (
            "build",
            &["rowan-build", "sage-dev"],
            &["rowan", "sage"],
            &["devbox-image-base"],
        ),
        (
            "gpu-box",
            &["rowan-gpu"],
            &["rowan"],
            &["devbox-image-tools"],
        ),
    ];
    for (server, containers, owners, loaders) in expected {
        let Some(v) = eval_module_in(out.path(), &format!("nixos/{server}"), uids, TOKEN) else {
            return;
        };
        let cfg = &v["module"]["config"]["content"];
        let etc: Vec<&str> = cfg["environment"]["etc"]
            .as_object()
            .expect("etc")
            .keys()
            .map(String::as_str)
            .collect();
        let installed: Vec<&str> = etc
            .iter()
            .filter_map(|e| e.strip_suffix(".container")?.rsplit('/').next())
            .collect();
        assert_eq!(installed, containers.to_vec(), "{server}: {etc:?}");
        let users: Vec<&str> = cfg["users"]["users"]
            .as_object()
            .expect("users")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(users, owners.to_vec(), "{server}");
        let services: Vec<&str> = cfg["systemd"]["services"]
            .as_object()
            .expect("services")
            .keys()
            .map(String::as_str)
            .collect();
        let key_units: Vec<String> = owners
            .iter()
            .flat_map(|o| {
                [
                    format!("devbox-authkey-{o}"),
                    format!("devbox-authkey-refresh-{o}"),
                ]
            })
            .collect();
        let mut key_units: Vec<&str> = key_units.iter().map(String::as_str).collect();
        key_units.sort_unstable();
        assert_eq!(services, key_units, "{server}");
        let user_services: Vec<&str> = cfg["systemd"]["user"]["services"]
            .as_object()
            .expect("user services")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(user_services, loaders.to_vec(), "{server}");
        // Every file the module reads is this server's.
        let sources = v["module"].to_string();
        assert!(
            sources.contains(&format!("/nixos/{server}/users/")),
            "{server}"
        );
        for other in ["build", "gpu-box"].iter().filter(|o| **o != server) {
            assert!(
                !sources.contains(&format!("/nixos/{other}/")),
                "{server} reads {other}'s files"
            );
        }
    }

    // One declared server: `nixosModules.build` and `.default`, the same file;
    // one called `default` is that attribute once.
    for (name, attrs) in [
        ("build", json!(["build", "default"])),
        ("default", json!(["default"])),
    ] {
        one_server_root(name, &attrs);
    }
}

fn one_server_root(name: &str, attrs: &Value) {
    let dir = tempfile::tempdir().expect("tmp");
    let spec = dir.path().join("spec");
    std::fs::create_dir(&spec).expect("mkdir");
    std::fs::copy(
        manifest_dir().join("tests/specs/two-servers/users.nix"),
        spec.join("users.nix"),
    )
    .expect("users.nix");
    std::fs::write(
        spec.join("containers.nix"),
        format!("{{ servers.{name} = {{ }}; images.base = {{ }}; containers.rowan-dev.owner = \"rowan\"; }}\n"),
    )
    .expect("containers.nix");
    let spec = Utf8Path::from_path(&spec).expect("utf8");
    let compiled = compile(spec, None);
    assert!(!compiled.has_errors());
    let tree = compiled.tree.expect("tree");
    let one = tempfile::tempdir().expect("tmp");
    emit::write(&tree, Utf8Path::from_path(one.path()).expect("utf8")).expect("write");
    let text = std::fs::read_to_string(one.path().join("default.nix")).expect("default.nix");
    assert!(
        text.contains(&format!("{name} = import ./nixos/{name};")),
        "{text}"
    );
    assert!(
        text.contains(&format!("default = import ./nixos/{name};")),
        "{text}"
    );
    let expr = format!(
        "builtins.attrNames (import {}).nixosModules",
        nix_path(one.path())
    );
    if let Some(v) = support::nix_eval_json(NixInput::Expr(&expr), &[]) {
        assert_eq!(&v.unwrap_or_else(|e| panic!("{e}")), attrs, "{name}");
    }
}

/// Host directories (`hostPath`) come from tmpfiles, the owner's, only under
/// their /var/lib/devbox/<owner>; the NVIDIA toolkit only for a GPU request.
#[test]
fn nixos_module_makes_host_directories_and_enables_cdi_only_for_gpus() {
    let out = render("tests/specs/storage");
    let Some(v) = eval_module(out.path(), "{ ivy = 1103; }", TOKEN) else {
        return;
    };
    let c = &v["module"]["config"]["content"];
    assert_eq!(
        strings(&c["systemd"]["tmpfiles"]["rules"]),
        [
            "d /run/devbox 0755 root root -",
            "d /run/devbox/keys 0755 root root -",
            "d /var/lib/devbox 0755 root root -",
            // No primary group in the stub's account: root's (`-`).
            "d /var/lib/devbox/ivy 0700 ivy - -",
            "d /var/lib/devbox/ivy/datasets 0755 ivy - -",
            "d /var/lib/devbox/ivy/inbox 0755 ivy - -",
        ]
    );
    assert!(c.get("hardware").is_none(), "no GPU asked for: {c}");

    // The GPU spec declares its one server: the module is nixos/gpu-box.
    let out = render("tests/specs/gpu");
    let Some(v) = eval_module_in(out.path(), "nixos/gpu-box", "{ kai = 1104; }", TOKEN) else {
        return;
    };
    let c = &v["module"]["config"]["content"];
    assert_eq!(c["hardware"]["nvidia-container-toolkit"]["enable"], true);
    assert!(
        !strings(&c["systemd"]["tmpfiles"]["rules"])
            .iter()
            .any(|r| r.contains("/var/lib/devbox")),
        "no host directory without a hostPath mount"
    );
}

#[test]
fn module_asserts_the_host_podman_meets_the_target() {
    let spec = Utf8Path::from_path(manifest_dir())
        .expect("utf8")
        .join("examples/team");
    let failed = |v: &Value| -> Vec<String> {
        v["module"]["config"]["content"]["assertions"]
            .as_array()
            .expect("assertions")
            .iter()
            .filter(|a| a["assertion"] == false)
            .map(|a| a["message"].as_str().expect("message").to_owned())
            .collect()
    };
    for (target, host, ok) in [
        ((5, 4), "5.4.2", true),
        ((5, 4), "5.4.0", true),
        ((5, 4), "5.3.1", false),
        ((5, 4), "5.10.0", true),
        ((5, 0), "5.0.3", true),
        ((5, 0), "4.9.4", false),
    ] {
        let compiled = compile_for_podman(
            &spec,
            None,
            None,
            Some(PodmanVersion::new(target.0, target.1)),
        );
        let tree = compiled.tree.expect("tree");
        let out = tempfile::tempdir().expect("tmp");
        emit::write(&tree, Utf8Path::from_path(out.path()).expect("utf8")).expect("write");
        let Some(v) = eval_module_on_podman(out.path(), TEAM_UIDS, host) else {
            return;
        };
        let failed = failed(&v);
        if ok {
            assert!(failed.is_empty(), "{target:?} on {host}: {failed:?}");
        } else {
            assert_eq!(failed.len(), 1, "{target:?} on {host}: {failed:?}");
            assert!(
                failed[0].contains(&format!("podman >= {}.{}", target.0, target.1))
                    && failed[0].ends_with(&format!("is podman {host}")),
                "{failed:?}"
            );
        }
    }
}

#[test]
fn module_delegates_io_only_when_a_container_sets_an_io_weight() {
    for (spec, uids, delegated) in [
        ("tests/specs/limits", "{ gale = 1004; }", true),
        ("examples/team", TEAM_UIDS, false),
    ] {
        let out = render(spec);
        let Some(v) = eval_module(out.path(), uids, TOKEN) else {
            return;
        };
        let services = &v["module"]["config"]["content"]["systemd"]["services"];
        let delegate = &services["user@"]["serviceConfig"]["Delegate"];
        if delegated {
            // systemd's user@.service delegates pids, memory and cpu; io is added.
            assert_eq!(delegate, "pids memory cpu io", "{spec}");
        } else {
            assert!(services.get("user@").is_none(), "{spec}: {services}");
        }
    }
}

#[test]
fn module_has_a_home_quota_unit_only_for_an_owner_with_capped_homes() {
    for (spec, uids, capped) in [
        ("tests/specs/limits", "{ gale = 1004; }", true),
        ("examples/team", TEAM_UIDS, false),
    ] {
        let out = render(spec);
        let Some(v) = eval_module(out.path(), uids, TOKEN) else {
            return;
        };
        let services = &v["module"]["config"]["content"]["systemd"]["services"];
        let option = &v["module"]["options"]["devbox"]["homeProjectIdBase"];
        let units: Vec<&String> = services
            .as_object()
            .expect("services")
            .keys()
            .filter(|k| k.starts_with("devbox-home-quota-"))
            .collect();
        if !capped {
            assert!(units.is_empty(), "{spec}: {units:?}");
            assert!(option.is_null(), "{spec}: {option}");
            assert!(!out.path().join("nixos/devbox-home-quota.sh").exists());
            continue;
        }
        assert_eq!(units, ["devbox-home-quota-gale"], "{spec}");
        let unit = &services["devbox-home-quota-gale"];
        // Before the owner's user manager, so the homes exist (or are closed)
        // before a container starts; at every boot.
        assert_eq!(unit["before"], serde_json::json!(["user@1004.service"]));
        assert_eq!(unit["wantedBy"], serde_json::json!(["multi-user.target"]));
        assert_eq!(unit["serviceConfig"]["Type"], "oneshot");
        assert_eq!(unit["serviceConfig"]["RemainAfterExit"], true);
        let path = strings(&unit["path"]);
        for tool in ["xfsprogs", "e2fsprogs", "quota", "util-linux"] {
            assert!(
                path.contains(&format!("<drv {tool}>").as_str()),
                "{tool}: {path:?}"
            );
        }
        // gale-data is capped at 64M; its project id is the base plus the
        // documented offset: the first 32 bits of SHA-256 of its name, mod 2^30.
        let base = option["default"].as_u64().expect("a default base");
        let digest = {
            use sha2::Digest;
            sha2::Sha256::digest(b"gale-data")
        };
        let offset = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % (1 << 30);
        let exec = unit["serviceConfig"]["ExecStart"]
            .as_str()
            .expect("ExecStart");
        let script = std::fs::read_to_string(out.path().join("nixos/devbox-home-quota.sh"))
            .expect("the script is in the tree");
        assert!(script.starts_with("#!/usr/bin/env bash"), "{script}");
        let want = format!(
            "-devbox-home-quota.sh 'gale' 'gale-data:{}:{}'",
            base + u64::from(offset),
            64u64 << 20
        );
        assert!(
            exec.starts_with("/nix/store/") && exec.ends_with(&want),
            "{exec}\nwant the end: {want}"
        );
        assert!(
            !exec.contains("gale-build") && !exec.contains("gale-plain"),
            "{exec}"
        );
    }
}
