//! The NixOS side of users.nix: each users file evaluates, with Nix 2.8,
//! together with the option declarations of the module devbox-gen generated
//! for it and stub declarations of the NixOS options it sets, in the small
//! module system of tests/nix-stubs/module-system.nix (no nixpkgs here). What
//! NixOS makes of the file must be what devbox-gen read from it. The stub is
//! trusted through cases NixOS documents as errors or as dropped definitions.
//! CI requires `nix-instantiate`; locally a missing one makes a test skip
//! loudly.

#![allow(clippy::print_stderr)] // the loud SKIPPED lines

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::pipeline::compile;
use devbox_gen::render::filters::nix;
use serde_json::{Value, json};
use support::NixInput;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A Nix expression for an absolute path (any characters).
fn nix_path(p: &Path) -> String {
    format!("(/. + {})", nix::string(&p.display().to_string()))
}

/// The generated tree of a spec directory, or None when devbox-gen refuses it.
fn render(spec: &Path) -> Option<tempfile::TempDir> {
    let spec = Utf8Path::from_path(spec).expect("utf8");
    let tree = compile(spec, None).tree?;
    let out = tempfile::tempdir().expect("tmp");
    emit::write(&tree, Utf8Path::from_path(out.path()).expect("utf8")).expect("write tree");
    Some(out)
}

fn team_tree() -> tempfile::TempDir {
    render(&manifest_dir().join("examples/team")).expect("examples/team renders")
}

/// `eval-users.nix` on a users module (a Nix expression), with the generated
/// declarations of `tree` (none: NixOS alone) and host modules. `None`: skipped.
fn eval_users(users: &str, tree: Option<&Path>, modules: &str) -> Option<Result<Value, String>> {
    let tree = tree.map_or_else(|| "null".to_owned(), nix_path);
    let expr = format!(
        "import {} {{ users = {users}; tree = {tree}; modules = [ {modules} ]; }}",
        nix_path(&manifest_dir().join("tests/nix-stubs/eval-users.nix"))
    );
    support::nix_eval_json(NixInput::Expr(&expr), &[])
}

/// The host settings examples/team/users.nix reads from the rest of the config.
const TEAM_HOST: &str = r#"{
  sops.secrets."Coal Miner-password" = { };
  sops.secrets."Ash Grey-password".neededForUsers = true;
  ids.uids.ember = 1003;
}"#;

fn users_files() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("tests/users-files"))
        .expect("tests/users-files")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("users.nix").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// What `devbox-gen eval DIR` decoded with its warnings, or its diagnostics.
fn devbox_eval(dir: &Path) -> Result<(Value, String), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .env("NO_COLOR", "1")
        .arg("eval")
        .arg(dir)
        .output()
        .expect("run devbox-gen");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        let spec = serde_json::from_slice(&out.stdout).expect("eval prints JSON");
        Ok((spec, stderr))
    } else {
        Err(stderr)
    }
}

/// The program name of a NixOS shell value as eval-users.nix shows it.
fn shell_name(v: &Value) -> String {
    let s = v.as_str().unwrap_or_default();
    let s = s.strip_prefix("package ").unwrap_or(s);
    s.rsplit('/').next().unwrap_or_default().to_owned()
}

/// sshd's reading of authorized_keys files: one key a line, blanks and `#` skipped.
fn keys_of(nixos_user: &Value) -> Vec<String> {
    let mut keys: Vec<String> = nixos_user["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k.as_str().expect("key").to_owned())
        .collect();
    for file in nixos_user["keyFiles"].as_array().expect("keyFiles") {
        let text = std::fs::read_to_string(file.as_str().expect("path")).expect("key file");
        keys.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned),
        );
    }
    keys
}

/// Where devbox-gen's reading of a users file differs from NixOS's.
fn differences(name: &str, nixos: &Value, devbox: &Value, warnings: &str) -> Vec<String> {
    let mut out = Vec::new();
    let nixos_users = nixos["users"].as_object().expect("users");
    let devbox_users = devbox["users"].as_object().expect("users");
    let owners = |users: &serde_json::Map<String, Value>| -> BTreeSet<String> {
        users
            .iter()
            .filter(|(_, u)| u["devbox"]["containers"]["enable"] == json!(true))
            .map(|(n, _)| n.clone())
            .collect()
    };
    if owners(nixos_users) != owners(devbox_users) {
        out.push(format!(
            "{name}: owners are {:?} for NixOS, {:?} for devbox-gen",
            owners(nixos_users),
            owners(devbox_users)
        ));
    }
    for owner in owners(nixos_users) {
        let (n, d) = (&nixos_users[&owner], &devbox_users.get(&owner));
        let Some(d) = d else { continue };
        let description = match n["description"].as_str() {
            Some("") | None => json!(owner),
            Some(s) => json!(s),
        };
        let pairs = [
            ("uid", n["uid"].clone(), d["uid"].clone()),
            ("enable", n["enable"].clone(), d["enable"].clone()),
            (
                "isSystemUser",
                n["isSystemUser"].clone(),
                d["isSystemUser"].clone(),
            ),
            ("description", description, d["description"].clone()),
            ("shell", json!(shell_name(&n["shell"])), d["shell"].clone()),
            ("ssh keys", json!(keys_of(n)), d["sshKeys"].clone()),
            ("devbox", n["devbox"].clone(), d["devbox"].clone()),
        ];
        for (what, nixos_v, devbox_v) in pairs {
            if nixos_v != devbox_v {
                out.push(format!(
                    "{name}: {owner}'s {what} is {nixos_v} for NixOS, {devbox_v} for devbox-gen"
                ));
            }
        }
    }
    // Every user devbox-gen names is one NixOS has (mkIf false drops them);
    // a user it cannot decide on is skipped with a warning, never silently.
    for user in devbox_users.keys() {
        if !nixos_users.contains_key(user) {
            out.push(format!("{name}: devbox-gen has user {user}, NixOS has not"));
        }
    }
    for user in nixos_users.keys() {
        if !devbox_users.contains_key(user)
            && !warnings.contains(&format!("user `{user}` is skipped"))
        {
            out.push(format!(
                "{name}: NixOS has user {user}, devbox-gen neither has nor skips them"
            ));
        }
    }
    out
}

#[test]
fn every_users_file_is_valid_nixos_and_means_to_devbox_gen_what_it_means_to_nixos() {
    let team = team_tree();
    let mut cases: Vec<(String, PathBuf, &str)> = users_files()
        .into_iter()
        .map(|d| (d.file_name().unwrap().to_string_lossy().into_owned(), d, ""))
        .collect();
    // gitea's account exists on a host with gitea: devbox-gen cannot know, so
    // it must have said it skipped them.
    cases.push((
        "mkif-config on a host with gitea".into(),
        manifest_dir().join("tests/users-files/mkif-config"),
        "{ services.gitea.enable = true; }",
    ));
    cases.push((
        "examples/team".into(),
        manifest_dir().join("examples/team"),
        TEAM_HOST,
    ));
    let mut problems = Vec::new();
    for (name, dir, host) in &cases {
        // The module devbox-gen generates for this very spec (the team's,
        // whose declarations are the same, when it refuses the spec).
        let own = render(dir);
        let tree = own.as_ref().map_or(team.path(), |t| t.path());
        let users = nix_path(&dir.join("users.nix"));
        let Some(nixos) = eval_users(&users, Some(tree), host) else {
            return;
        };
        let nixos = match nixos {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{name}: NixOS refuses it:\n{e}"));
                continue;
            }
        };
        match devbox_eval(dir) {
            Ok((devbox, warnings)) => {
                problems.extend(differences(name, &nixos, &devbox, &warnings));
            }
            Err(e) => problems.push(format!("{name}: devbox-gen refuses it:\n{e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Evaluates a users module to its error message; panics if it is accepted.
fn refused(users: &str, tree: Option<&Path>, modules: &str) -> Option<String> {
    match eval_users(users, tree, modules)? {
        Ok(v) => panic!("accepted: {users}\n{v}"),
        Err(e) => Some(e),
    }
}

fn accepted(users: &str, tree: Option<&Path>, modules: &str) -> Option<Value> {
    Some(eval_users(users, tree, modules)?.unwrap_or_else(|e| panic!("{users}\n{e}")))
}

/// alice, an owner, with further fields.
fn alice(fields: &str) -> String {
    format!(
        "{{ lib, pkgs, ... }}: {{ users.users.alice = {{ isNormalUser = true; uid = 1000; \
         devbox.containers.enable = true; {fields} }}; }}"
    )
}

#[test]
fn an_undeclared_field_under_devbox_is_refused() {
    let team = team_tree();
    for (field, option) in [
        ("devbox.foo = 1;", "users.users.alice.devbox.foo"),
        (
            "devbox.containers.maxx = 2;",
            "users.users.alice.devbox.containers.maxx",
        ),
        // devbox-gen's old field, gone with the NixOS shape.
        ("devbox.sshKeys = [ ];", "users.users.alice.devbox.sshKeys"),
    ] {
        let Some(e) = refused(&alice(field), Some(team.path()), "") else {
            return;
        };
        assert!(
            e.contains(&format!("The option `{option}' does not exist")),
            "{field}: {e}"
        );
    }
}

#[test]
fn a_wrong_devbox_type_is_refused() {
    let team = team_tree();
    // enable = "yes" beside alice's own `enable = true` (a second module).
    let Some(e) = refused(
        &alice(""),
        Some(team.path()),
        r#"({ lib, ... }: { users.users.alice.devbox.containers.enable = lib.mkForce "yes"; })"#,
    ) else {
        return;
    };
    assert!(
        e.contains(
            "A definition for option `users.users.alice.devbox.containers.enable' is not of type `boolean'"
        ),
        "{e}"
    );
    for (field, option, ty) in [
        (
            "devbox.containers.max = -1;",
            "devbox.containers.max",
            "null or (unsigned integer, meaning >=0)",
        ),
        (
            r#"devbox.containers.max = "4";"#,
            "devbox.containers.max",
            "null or (unsigned integer, meaning >=0)",
        ),
        ("devbox.opVault = 3;", "devbox.opVault", "null or string"),
        (
            "devbox.opVault = [ \"Team\" ];",
            "devbox.opVault",
            "null or string",
        ),
        (
            r#"devbox.secrets.gh = { reference = "Team/gh/token"; containers = [ ]; };"#,
            "devbox.secrets.gh.reference",
            "string matching the pattern op://[^/]+/[^/]+(/[^/]+)?/[^/]+",
        ),
        (
            r#"devbox.secrets.gh = { reference = "op://T/gh/t"; containers = "a"; };"#,
            "devbox.secrets.gh.containers",
            "list of string",
        ),
    ] {
        let Some(e) = refused(&alice(field), Some(team.path()), "") else {
            return;
        };
        assert!(
            e.contains(&format!(
                "A definition for option `users.users.alice.{option}' is not of type `{ty}'"
            )),
            "{field}: {e}"
        );
    }
    // The same values of the right types are taken.
    let Some(v) = accepted(
        &alice(r#"devbox.containers.max = 0; devbox.opVault = "Team";"#),
        Some(team.path()),
        "",
    ) else {
        return;
    };
    assert_eq!(
        v["users"]["alice"]["devbox"],
        json!({ "containers": { "enable": true, "max": 0 }, "opVault": "Team", "secrets": {} })
    );
}

#[test]
fn mk_if_false_drops_a_user_and_a_condition_on_config_is_decided_by_the_host() {
    let team = team_tree();
    let file = nix_path(&manifest_dir().join("tests/users-files/mkif-config/users.nix"));
    let names = |v: &Value| -> Vec<String> {
        v["users"]
            .as_object()
            .expect("users")
            .keys()
            .cloned()
            .collect()
    };
    let Some(off) = accepted(&file, Some(team.path()), "") else {
        return;
    };
    assert_eq!(
        names(&off),
        ["rupert"],
        "trent (mkIf false) and gitea are not there"
    );
    assert!(off["groups"].as_object().expect("groups").is_empty());
    let Some(on) = accepted(
        &file,
        Some(team.path()),
        "{ services.gitea.enable = true; }",
    ) else {
        return;
    };
    assert_eq!(names(&on), ["gitea", "rupert"]);
    assert_eq!(on["users"]["gitea"]["isSystemUser"], true);
    assert_eq!(on["users"]["gitea"]["home"], "/var/lib/gitea");
    assert_eq!(
        on["users"]["gitea"]["devbox"]["containers"]["enable"],
        false
    );
    // mkIf false inside a user drops that definition only.
    let Some(v) = accepted(
        &alice("devbox.containers.max = lib.mkIf false 3; description = lib.mkIf true \"A\";"),
        Some(team.path()),
        "",
    ) else {
        return;
    };
    assert_eq!(
        v["users"]["alice"]["devbox"]["containers"]["max"],
        Value::Null
    );
    assert_eq!(v["users"]["alice"]["description"], "A");
}

#[test]
fn devbox_is_no_nixos_option_without_the_generated_module() {
    let users = nix_path(&manifest_dir().join("examples/team/users.nix"));
    let Some(e) = refused(&users, None, TEAM_HOST) else {
        return;
    };
    assert!(
        e.contains("The option `users.users.ash.devbox' does not exist"),
        "{e}"
    );
    let team = team_tree();
    let Some(v) = accepted(&users, Some(team.path()), TEAM_HOST) else {
        return;
    };
    assert_eq!(
        v["users"]
            .as_object()
            .expect("users")
            .keys()
            .collect::<Vec<_>>(),
        ["ash", "coal", "ember"]
    );
}

#[test]
fn the_team_users_are_what_nixos_gives_them() {
    let team = team_tree();
    let users = nix_path(&manifest_dir().join("examples/team/users.nix"));
    let Some(v) = accepted(&users, Some(team.path()), TEAM_HOST) else {
        return;
    };
    let coal = &v["users"]["coal"];
    assert_eq!(coal["uid"], 1001);
    assert_eq!(coal["description"], "Coal Miner");
    assert_eq!(coal["shell"], "package zsh");
    assert_eq!(coal["packages"], json!(["git", "ripgrep", "neovim"]));
    assert_eq!(
        coal["hashedPasswordFile"],
        "/run/secrets/Coal Miner-password"
    );
    assert_eq!(
        coal["devbox"],
        json!({ "containers": { "enable": true, "max": 4 }, "opVault": null, "secrets": {} })
    );
    assert_eq!(
        keys_of(coal),
        [
            std::fs::read_to_string(manifest_dir().join("examples/team/keys/coal.pub"))
                .expect("key")
                .trim()
        ]
    );
    let ash = &v["users"]["ash"];
    assert_eq!(ash["uid"], 1002);
    assert_eq!(ash["shell"], "/run/current-system/sw/bin/fish");
    assert_eq!(
        ash["hashedPasswordFile"],
        "/run/secrets-for-users/Ash Grey-password"
    );
    assert_eq!(
        ash["devbox"],
        json!({ "containers": { "enable": true, "max": null }, "opVault": "DevBox-Ash", "secrets": {} })
    );
    let ember = &v["users"]["ember"];
    assert_eq!(ember["uid"], 1003);
    assert_eq!(
        ember["shell"], "package bash",
        "users.defaultUserShell's default"
    );
    assert_eq!(
        ember["devbox"],
        json!({ "containers": { "enable": false, "max": null }, "opVault": null, "secrets": {} })
    );
    assert_eq!(v["groups"]["devs"], json!({ "name": "devs", "gid": null }));
    assert_eq!(v["mutableUsers"], false);
}

/// The stub module system against rules nixpkgs' lib/modules.nix, lib/types.nix
/// and users-groups.nix document, on modules without devbox.
#[test]
fn the_stub_module_system_follows_nixos() {
    let none = None;
    // A definition without a declaration.
    let Some(e) = refused("{ foo.bar = 1; }", none, "") else {
        return;
    };
    assert!(e.contains("The option `foo' does not exist"), "{e}");
    // A quoted name in messages (lib.showOption).
    let Some(e) = refused(
        r#"{ users.users."sunny.sehwag" = { isNormalUser = true; colour = "red"; }; }"#,
        none,
        "",
    ) else {
        return;
    };
    assert!(
        e.contains(r#"The option `users.users."sunny.sehwag".colour' does not exist"#),
        "{e}"
    );
    // A shell is a shell package or an absolute path, not a name.
    let Some(e) = refused(
        r#"{ users.users.a = { isNormalUser = true; shell = "zsh"; }; }"#,
        none,
        "",
    ) else {
        return;
    };
    assert!(
        e.contains("A definition for option `users.users.a.shell' is not of type"),
        "{e}"
    );
    // Two equal-priority definitions that differ conflict; mkForce wins; a
    // definition beats mkDefault; mkMerge merges.
    let Some(e) = refused(
        "{ lib, ... }: { imports = [ { users.mutableUsers = true; } ]; users.mutableUsers = false; }",
        none,
        "",
    ) else {
        return;
    };
    assert!(
        e.contains("The option `users.mutableUsers' has conflicting definition values"),
        "{e}"
    );
    let Some(v) = accepted(
        "{ lib, ... }: { imports = [ { users.mutableUsers = true; users.users.a.uid = lib.mkDefault 5; } ]; \
         users.mutableUsers = lib.mkForce false; \
         users.users.a = lib.mkMerge [ { isNormalUser = true; uid = 7; } { extraGroups = [ \"x\" ]; } ]; }",
        none,
        "",
    ) else {
        return;
    };
    assert_eq!(v["mutableUsers"], false);
    assert_eq!(v["users"]["a"]["uid"], 7);
    assert_eq!(v["users"]["a"]["extraGroups"], json!(["x"]));
    // A module with `config` or `options` takes no other attribute.
    let Some(e) = refused("{ config = { }; users.mutableUsers = false; }", none, "") else {
        return;
    };
    assert!(e.contains("has an unsupported attribute `users'"), "{e}");
    // An option declared twice with a description each is refused;
    // attrsOf (submodule) declared twice merges (sshd's authorizedKeys and
    // users-groups' fields in one user).
    let Some(e) = refused(
        "{ lib, ... }: { options.users.users = lib.mkOption { description = \"again\"; \
         type = lib.types.attrsOf (lib.types.submodule { }); }; }",
        none,
        "",
    ) else {
        return;
    };
    assert!(
        e.contains("The option `users.users' in") && e.contains("is already declared in"),
        "{e}"
    );
    // users.defaultUserShell goes to normal users without a shell, not to
    // system users (nologin from pkgs.shadow); home and group follow isNormalUser.
    let Some(v) = accepted(
        "{ pkgs, ... }: { users.defaultUserShell = pkgs.zsh; users.users = { \
         a = { isNormalUser = true; openssh.authorizedKeys.keys = [ \"k\" ]; }; \
         b = { isNormalUser = true; shell = pkgs.fish; }; \
         s = { isSystemUser = true; group = \"s\"; }; }; }",
        none,
        "",
    ) else {
        return;
    };
    assert_eq!(v["users"]["a"]["shell"], "package zsh");
    assert_eq!(v["users"]["a"]["keys"], json!(["k"]));
    assert_eq!(v["users"]["a"]["home"], "/home/a");
    assert_eq!(v["users"]["a"]["group"], "users");
    assert_eq!(v["users"]["b"]["shell"], "package fish");
    assert_eq!(v["users"]["s"]["shell"], "package shadow");
    assert_eq!(v["users"]["s"]["home"], "/var/empty");
}
