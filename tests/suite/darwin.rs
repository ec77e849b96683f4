//! The macOS side: darwin.nix → darwin/<host>/{default.nix,home.nix,aerospace.toml}
//! and darwin/default.nix.
//!
//! - every generated .nix parses with `nix-instantiate --parse`;
//! - the nix-darwin module, home.nix and darwin/default.nix evaluated by Nix
//!   against stub `config`/`lib`/`pkgs`/inputs give the expected values;
//! - `defaults` with awkward strings and keys round-trips through Nix exactly;
//! - aerospace.toml parses as TOML and uses only keys, key names, modifiers and
//!   commands of `tests/reference/aerospace-schema.json`, read here directly;

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};

use camino::Utf8Path;
use devbox_gen::diagnostics::render_text;
use devbox_gen::emit::OutputTree;
use devbox_gen::pipeline::compile;
use serde_json::{Value, json};
use support::NixInput;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A spec dir: the bad-specs base (users coal and ash, container coal-dev) and `darwin`.
fn spec_with(darwin: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = manifest_dir().join("tests/bad-specs/base");
    for name in ["users.nix", "containers.nix"] {
        fs::copy(base.join(name), dir.path().join(name)).expect("copy base");
    }
    fs::write(dir.path().join("darwin.nix"), darwin).expect("write darwin.nix");
    dir
}

fn compile_ok(dir: &Path) -> OutputTree {
    let spec = Utf8Path::from_path(dir).expect("utf8");
    let compiled = compile(spec, None);
    let text = render_text(&compiled.diagnostics, &compiled.sources, false);
    assert!(!compiled.has_errors(), "{text}");
    let tree = compiled.tree.expect("tree");
    support::scan_output_tree(spec.as_str(), &tree);
    tree
}

/// Writes the tree's files under `out` and returns `out`.
fn write_tree(tree: &OutputTree, out: &Path) -> PathBuf {
    for (path, contents, _) in tree.iter() {
        let p = out.join(path.as_str());
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, contents).expect("write");
    }
    out.to_path_buf()
}

fn example_tree() -> (tempfile::TempDir, PathBuf) {
    let tree = compile_ok(&manifest_dir().join("examples/team"));
    let out = tempfile::tempdir().expect("temp dir");
    let root = write_tree(&tree, out.path());
    (out, root)
}

/// Stub pkgs (derivation-shaped sets named by attribute path), lib (home-manager's
/// `lib.hm.dag.entryBefore` as a marker) and config, then the host's module with
/// its home-manager user's module applied. `./aerospace.toml` lands in the store
/// under a content hash: it is replaced by a marker.
fn eval_host(tree: &Path, host: &str, packages: &[&str]) -> Option<Value> {
    let names: Vec<String> = packages.iter().map(|p| format!("\"{p}\"")).collect();
    let dir = tree.join("darwin").join(host);
    let expr = format!(
        r#"let
  drv = name: {{ type = "derivation"; inherit name; outPath = "/nix/store/0000-${{name}}"; }};
  pkgs = builtins.listToAttrs (map (n: {{ name = n; value = drv n; }}) [ "aerospace" {names} ]);
  lib = {{ hm.dag.entryBefore = before: data: {{ dagEntryBefore = before; inherit data; }}; }};
  config = {{ }};
  args = {{ inherit config lib pkgs; }};
  m = import {module} args;
in
m // {{ home-manager = m.home-manager // {{ users = builtins.mapAttrs (_: f: f args) m.home-manager.users; }}; }}"#,
        names = names.join(" "),
        module = dir.join("default.nix").display(),
    );
    let v = support::nix_eval_json(NixInput::Expr(&expr), &[])?;
    let mut v = v.unwrap_or_else(|e| panic!("{e}"));
    // home.nix is `import ./home.nix`: a function applied above.
    scrub_store_paths(&mut v);
    Some(v)
}

/// `/nix/store/<hash>-aerospace.toml` → `<store>/aerospace.toml`.
fn scrub_store_paths(v: &mut Value) {
    match v {
        Value::String(s) if s.starts_with("/nix/store/") && s.ends_with("-aerospace.toml") => {
            *s = "<store>/aerospace.toml".into();
        }
        Value::Array(a) => a.iter_mut().for_each(scrub_store_paths),
        Value::Object(o) => o.values_mut().for_each(scrub_store_paths),
        _ => {}
    }
}

#[test]
fn every_generated_nix_file_parses() {
    let (_out, root) = example_tree();
    let mut seen = 0;
    for rel in [
        "darwin/default.nix",
        "darwin/coal-mbp/default.nix",
        "darwin/coal-mbp/home.nix",
    ] {
        let Some(r) = support::nix_parse(&root.join(rel)) else {
            return;
        };
        r.unwrap_or_else(|e| panic!("{rel}: {e}"));
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[test]
fn darwin_module_evaluates_to_the_expected_config() {
    let (_out, root) = example_tree();
    let Some(v) = eval_host(&root, "coal-mbp", &["git", "ripgrep", "jq", "tailscale"]) else {
        return;
    };
    let home = v["home-manager"]["users"]["coal"].clone();
    let mut module = v.clone();
    module["home-manager"]["users"]["coal"] = json!("<home.nix>");
    assert_eq!(
        module,
        json!({
            "nixpkgs": { "hostPlatform": "aarch64-darwin" },
            "networking": { "hostName": "coal-mbp" },
            "system": {
                "stateVersion": 6,
                "primaryUser": "coal",
                "defaults": {
                    "CustomUserPreferences": {
                        "com.apple.screencapture": { "location": "~/Pictures/Screenshots" }
                    },
                    "NSGlobalDomain": {
                        "AppleInterfaceStyle": "Dark",
                        "InitialKeyRepeat": 15,
                        "KeyRepeat": 2,
                        "com.apple.swipescrolldirection": false
                    },
                    "dock": {
                        "autohide": true,
                        "autohide-delay": 0,
                        "persistent-apps": ["/Applications/Ghostty.app", "/System/Applications/Mail.app"],
                        "show-recents": false,
                        "tilesize": 48
                    },
                    "finder": {
                        "AppleShowAllExtensions": true,
                        "FXPreferredViewStyle": "clmv",
                        "ShowPathbar": true
                    }
                }
            },
            "users": { "users": { "coal": { "home": "/Users/coal" } } },
            "homebrew": { "enable": true, "casks": ["ghostty", "1password"] },
            // The Mac joins the containers' tailnet: the daemon, not only the CLI.
            "services": { "tailscale": { "enable": true } },
            "home-manager": {
                "useGlobalPkgs": true,
                "useUserPackages": true,
                "users": { "coal": "<home.nix>" }
            }
        })
    );
    assert_eq!(
        home,
        json!({
            "home": {
                "stateVersion": "25.05",
                "packages": [
                    "/nix/store/0000-git", "/nix/store/0000-ripgrep", "/nix/store/0000-jq",
                    "/nix/store/0000-tailscale", "/nix/store/0000-aerospace"
                ]
            },
            "launchd": { "agents": { "aerospace": {
                "enable": true,
                "config": {
                    "ProgramArguments": [
                        "/nix/store/0000-aerospace/Applications/AeroSpace.app/Contents/MacOS/AeroSpace",
                        "--config-path",
                        "<store>/aerospace.toml"
                    ],
                    "KeepAlive": true,
                    "RunAtLoad": true
                }
            } } },
            "programs": {
                "ssh": {
                    "enable": true,
                    "matchBlocks": {
                        // Syncthing's GUI and code-server listen on the
                        // container's loopback: reached through SSH forwards.
                        "coal-notes": { "hostname": "coal-notebook", "user": "dev",
                            "localForwards": [
                                { "bind": { "port": 18384 }, "host": { "address": "127.0.0.1", "port": 8384 } },
                                { "bind": { "port": 28080 }, "host": { "address": "127.0.0.1", "port": 8080 } }
                            ] },
                        "coal-rust": { "hostname": "coal-rust", "user": "dev" }
                    }
                },
                "zed-editor": {
                    "enable": true,
                    "userSettings": { "ssh_connections": [
                        { "host": "coal-notebook", "nickname": "coal-notes", "username": "dev",
                          "projects": [ { "paths": ["/home/dev"] } ] },
                        { "host": "coal-rust", "nickname": "coal-rust", "username": "dev",
                          "projects": [ { "paths": ["/home/dev"] } ] }
                    ] }
                }
            },
            "services": { "syncthing": { "enable": true } }
        })
    );
}

#[test]
fn without_start_at_login_the_config_is_linked_and_guarded() {
    let dir = spec_with(r#"{ hosts.air = { user = "ash"; aerospace.startAtLogin = false; }; }"#);
    let tree = compile_ok(dir.path());
    let out = tempfile::tempdir().expect("temp dir");
    let root = write_tree(&tree, out.path());
    let Some(v) = eval_host(&root, "air", &[]) else {
        return;
    };
    let home = &v["home-manager"]["users"]["ash"];
    assert_eq!(home["launchd"], Value::Null, "no agent: {home}");
    assert_eq!(
        home["xdg"]["configFile"]["aerospace/aerospace.toml"]["source"],
        json!("<store>/aerospace.toml")
    );
    let guard = &home["home"]["activation"]["devboxAerospaceConfig"];
    assert_eq!(guard["dagEntryBefore"], json!(["writeBoundary"]));
    assert!(
        guard["data"].as_str().is_some_and(
            |s| s.contains(r#"[ -e "$HOME/.aerospace.toml" ]"#) && s.contains("exit 1")
        ),
        "{guard}"
    );
    // ash owns no container of the base spec: no SSH, no Zed, no Syncthing.
    assert_eq!(home["programs"], Value::Null);
    assert_eq!(v["homebrew"], Value::Null, "no casks, no homebrew");
    assert_eq!(
        v["services"],
        Value::Null,
        "no container on the tailnet, no Tailscale"
    );
    assert_eq!(v["system"]["defaults"], Value::Null);
    let toml = fs::read_to_string(root.join("darwin/air/aerospace.toml")).expect("toml");
    assert!(toml.contains("start-at-login = false"));
}

#[test]
fn aerospace_disabled_means_no_aerospace_at_all() {
    let dir = spec_with(r#"{ hosts.mini = { user = "coal"; aerospace.enable = false; }; }"#);
    let tree = compile_ok(dir.path());
    let paths: Vec<String> = tree.iter().map(|(p, _, _)| p.to_string()).collect();
    assert!(paths.contains(&"darwin/mini/home.nix".to_owned()));
    assert!(
        !paths.iter().any(|p| p.ends_with("aerospace.toml")),
        "{paths:?}"
    );
    let home = tree
        .iter()
        .find(|(p, _, _)| p.as_str() == "darwin/mini/home.nix")
        .map(|(_, c, _)| c.to_owned())
        .expect("home.nix");
    assert!(!home.contains("aerospace"), "{home}");
}

#[test]
fn a_spec_without_darwin_nix_renders_no_darwin_tree() {
    let tree = compile_ok(&manifest_dir().join("tests/bad-specs/base"));
    assert!(
        !tree
            .iter()
            .any(|(p, _, _)| p.as_str().starts_with("darwin/"))
    );
}

#[test]
fn entry_point_builds_darwin_configurations_from_the_inputs() {
    let (_out, root) = example_tree();
    let darwin = root.join("darwin");
    let call = |inputs: &str| {
        format!(
            r#"let
  entry = import {dir} ({inputs});
  show = m: if builtins.isPath m then "path:" + baseNameOf m else m;
in builtins.mapAttrs (_: s: s // {{ modules = map show s.modules; }}) entry"#,
            dir = darwin.display()
        )
    };
    let hm = r#"home-manager = { darwinModules.home-manager = "hm-module"; };"#;
    let sys = r#"lib.darwinSystem = args: args;"#;
    let Some(v) = support::nix_eval_json(
        NixInput::Expr(&call(&format!(
            r#"{{ {hm} nix-darwin = {{ {sys} }}; modules = [ "extra" ]; specialArgs = {{ a = 1; }}; self = {{ }}; }}"#
        ))),
        &[],
    ) else {
        return;
    };
    assert_eq!(
        v.unwrap_or_else(|e| panic!("{e}")),
        json!({ "coal-mbp": {
            "specialArgs": { "a": 1 },
            "modules": ["hm-module", "path:coal-mbp", "extra"]
        } })
    );
    // The input may be called `darwin`; modules and specialArgs are optional.
    let v = support::nix_eval_json(
        NixInput::Expr(&call(&format!(r#"{{ {hm} darwin = {{ {sys} }}; }}"#))),
        &[],
    )
    .expect("nix")
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        v,
        json!({ "coal-mbp": { "specialArgs": {}, "modules": ["hm-module", "path:coal-mbp"] } })
    );
    // Without nix-darwin: a message that says what to pass.
    let err = support::nix_eval_json(NixInput::Expr(&call(&format!("{{ {hm} }}"))), &[])
        .expect("nix")
        .expect_err("must fail");
    assert!(err.contains("pass the nix-darwin flake input"), "{err}");
}

const AWKWARD: &str = r#"{
  hosts.mac = {
    user = "coal";
    aerospace.enable = false;
    defaults = {
      NSGlobalDomain = {
        "com.apple.swipescrolldirection" = false;
        "com.apple.keyboard.fnState" = true;
        "com.apple.mouse.scaling" = 0.875;
        KeyRepeat = 2;
      };
      dock.autohide-delay = 0.0;
      CustomUserPreferences."com.example.app" = {
        dollar = "\${HOME} and $PATH and $ and $${x}";
        quotes = "she said \"hi\" 'there' ''";
        backslashes = "C:\\path\\to\\ and \\\${x} \\n";
        indented = ''
          one ''${not} ''' quote ''\t tab
            two $ {x}
        '';
        controls = "a\nb\r\tc";
        unicode = "é ✓ 🚀";
        "key with spaces" = 1;
        "key\"quote" = 2;
        "\${key}" = 3;
        "" = "empty key";
        "in" = "keyword key";
        "x'y" = "prime";
        nested.list = [ 1 2.5 "x" null true [ ] { } [ { a = -1; } ] ];
        big = 4611686018427387904;
        neg = -3;
        negatives = [ (-1) (-2.5) (-9223372036854775807) [ (-3) ] ];
        float = 1.0;
        tiny = 0.000001;
      };
    };
  };
}
"#;

/// `builtins.typeOf` at every leaf: tells `1` from `1.0`, which JSON does not.
const TYPES: &str = "let t = v: if builtins.isAttrs v then builtins.mapAttrs (_: t) v \
    else if builtins.isList v then map t v else builtins.typeOf v; in t";

#[test]
fn defaults_round_trip_through_nix_exactly() {
    let dir = spec_with(AWKWARD);
    let tree = compile_ok(dir.path());
    let out = tempfile::tempdir().expect("temp dir");
    let root = write_tree(&tree, out.path());
    let module = root.join("darwin/mac/default.nix");
    let spec = dir.path().join("darwin.nix");
    let Some(r) = support::nix_parse(&module) else {
        return;
    };
    r.unwrap_or_else(|e| panic!("{e}"));
    let generated = format!(
        "(import {} {{ config = {{ }}; lib = {{ }}; pkgs = {{ }}; }}).system.defaults",
        module.display()
    );
    let written = format!("(import {}).hosts.mac.defaults", spec.display());
    for wrap in ["x: x", TYPES] {
        let eval = |e: &str| {
            support::nix_eval_json(NixInput::Expr(&format!("({wrap}) ({e})")), &[])
                .expect("nix")
                .unwrap_or_else(|err| panic!("{err}"))
        };
        assert_eq!(
            eval(&generated),
            eval(&written),
            "generated vs written (through {wrap:?})"
        );
    }
    // And devbox-gen's own reading of the spec agrees with Nix.
    let text = tree
        .iter()
        .find(|(p, _, _)| p.as_str() == "darwin/mac/default.nix")
        .map(|(_, c, _)| c.to_owned())
        .expect("module");
    assert!(
        text.contains(r#""com.apple.swipescrolldirection" = false;"#),
        "{text}"
    );
    assert!(text.contains(r#""\${key}" = 3;"#), "{text}");
}

// ---------------------------------------------------------------------------------------
// aerospace.toml against the reference data
// ---------------------------------------------------------------------------------------

fn schema() -> Value {
    let path = manifest_dir().join("tests/reference/aerospace-schema.json");
    serde_json::from_str(&fs::read_to_string(path).expect("schema")).expect("schema json")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Problems of one aerospace.toml (as JSON) by the reference, not by devbox-gen's checker.
fn reference_problems(toml: &Value, schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let top = toml.as_object().expect("table");
    let known = schema["top_level_keys"].as_object().expect("keys");
    for (k, v) in top {
        if !known.contains_key(k) {
            problems.push(format!("unknown top-level key {k}"));
        }
        if known.get(k).is_some_and(|d| d.get("deprecated").is_some()) && v != &json!([]) {
            problems.push(format!("deprecated key {k}"));
        }
    }
    if top.get("config-version") != Some(&json!(2)) {
        problems.push("config-version is not 2".into());
    }
    if top.get("start-at-login") != Some(&json!(false)) {
        problems.push("start-at-login is not false".into());
    }
    // Integers only, anywhere.
    fn floats(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Number(n) if !n.is_i64() && !n.is_u64() => out.push(format!("float at {at}")),
            Value::Array(a) => a.iter().for_each(|x| floats(x, at, out)),
            Value::Object(o) => o
                .iter()
                .for_each(|(k, x)| floats(x, &format!("{at}.{k}"), out)),
            _ => {}
        }
    }
    floats(toml, "", &mut problems);
    let gap_keys = strs(&schema["gaps"]["keys"]);
    if let Some(gaps) = top.get("gaps").and_then(Value::as_object) {
        for (side, sub) in gaps {
            for k in sub
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_else(Vec::new)
            {
                if !gap_keys.contains(&format!("{side}.{k}")) {
                    problems.push(format!("unknown gap {side}.{k}"));
                }
            }
        }
    }
    let modifiers = strs(&schema["binding_key"]["modifiers"]);
    let order = strs(&schema["binding_key"]["modifier_canonical_order"]);
    let key_names = strs(&schema["binding_key"]["key_names"]);
    let reserved = strs(&schema["workspace_name_rules"]["reserved"]);
    let commands = schema["commands"].as_object().expect("commands");
    let check_command = |c: &str, problems: &mut Vec<String>| {
        let words: Vec<&str> = c.split_whitespace().collect();
        let Some(name) = words.first() else {
            problems.push("empty command".into());
            return;
        };
        let Some(spec) = commands.get(*name) else {
            problems.push(format!("unknown command {name} in {c:?}"));
            return;
        };
        if *name == "exec-and-forget" {
            return;
        }
        if spec.get("config_allowed") == Some(&json!(false)) {
            problems.push(format!("{name} is not allowed in the config"));
        }
        let synopsis = strs(&spec["synopsis"]).join(" ");
        for w in &words[1..] {
            let in_synopsis = synopsis
                .split(|ch: char| ch.is_whitespace() || "[]()|".contains(ch))
                .any(|s| s == *w);
            if w.starts_with("--") && !in_synopsis {
                problems.push(format!("{name} has no flag {w}"));
            }
            // A free word must be in the synopsis, or the synopsis takes a <value>.
            if !w.starts_with("--") && !in_synopsis && !synopsis.contains('<') {
                problems.push(format!("{name} takes no argument {w}"));
            }
        }
        if (*name == "workspace" || *name == "move-node-to-workspace")
            && let Some(ws) = words.last()
            && reserved.iter().any(|r| r == ws)
            && !["next", "prev"].contains(ws)
        {
            problems.push(format!("reserved workspace name in {c:?}"));
        }
    };
    for (k, v) in top {
        let is_commands = [
            "after-startup-command",
            "on-focus-changed",
            "on-focused-monitor-changed",
            "on-mode-changed",
        ]
        .contains(&k.as_str());
        if is_commands {
            for c in strs(v) {
                check_command(&c, &mut problems);
            }
        }
    }
    for w in strs(&top["persistent-workspaces"]) {
        if reserved.contains(&w) {
            problems.push(format!("reserved workspace {w}"));
        }
    }
    let modes = top
        .get("mode")
        .and_then(Value::as_object)
        .expect("mode table");
    if !modes.contains_key("main") {
        problems.push("no main mode".into());
    }
    for (mode, table) in modes {
        let table = table.as_object().expect("mode");
        if table.keys().any(|k| k != "binding") {
            problems.push(format!("mode.{mode} has keys other than binding"));
        }
        let mut seen = Vec::new();
        for (key, cmds) in table["binding"].as_object().expect("bindings") {
            let mut parts: Vec<&str> = key.split('-').collect();
            let last = parts.pop().unwrap_or_default();
            if !key_names.iter().any(|k| k == last) {
                problems.push(format!("mode.{mode}: key name {last} in {key}"));
            }
            if let Some(m) = parts.iter().find(|m| !modifiers.iter().any(|x| x == *m)) {
                problems.push(format!("mode.{mode}: modifier {m} in {key}"));
            }
            let mut sorted = parts.clone();
            sorted.sort_by_key(|m| order.iter().position(|o| o == m));
            sorted.push(last);
            let norm = sorted.join("-");
            if seen.contains(&norm) {
                problems.push(format!("mode.{mode}: {norm} declared twice"));
            }
            seen.push(norm);
            if !cmds.is_array() {
                problems.push(format!("{key}: commands not written as an array"));
            }
            for c in strs(cmds) {
                check_command(&c, &mut problems);
                if let Some(m) = c.strip_prefix("mode ")
                    && !modes.contains_key(m)
                {
                    problems.push(format!("{key}: mode {m} is not declared"));
                }
            }
        }
    }
    let element_keys = schema["top_level_keys"]["on-window-detected"]["element_keys"]
        .as_object()
        .expect("element keys");
    for rule in top
        .get("on-window-detected")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let rule = rule.as_object().expect("rule");
        for (k, v) in rule {
            if !element_keys.contains_key(k) {
                problems.push(format!("on-window-detected: unknown key {k}"));
            }
            if k == "if" {
                let legacy = element_keys["if"].as_str().unwrap_or_default();
                for ik in v
                    .as_object()
                    .map(|o| o.keys().collect())
                    .unwrap_or_else(Vec::new)
                {
                    if !legacy.contains(ik.as_str()) {
                        problems.push(format!("on-window-detected.if: unknown key {ik}"));
                    }
                }
            }
        }
        if !rule.contains_key("run") {
            problems.push("on-window-detected without run".into());
        }
        for c in strs(&rule["run"]) {
            check_command(&c, &mut problems);
        }
    }
    problems
}

#[test]
fn aerospace_toml_uses_only_what_aerospace_accepts() {
    let (_out, root) = example_tree();
    let path = root.join("darwin/coal-mbp/aerospace.toml");
    let Some(parsed) = support::toml_parse(&path) else {
        return;
    };
    let toml = parsed.unwrap_or_else(|e| panic!("{e}"));
    let schema = schema();
    assert_eq!(reference_problems(&toml, &schema), Vec::<String>::new());
    // AeroSpace's defaults are kept, the spec's layers on top.
    let main = &toml["mode"]["main"]["binding"];
    assert_eq!(main["alt-h"], json!(["focus left"]));
    assert_eq!(main["alt-shift-semicolon"], json!(["mode service"]));
    assert_eq!(
        main["alt-tab"],
        json!(["workspace --wrap-around next"]),
        "user replaces default"
    );
    assert_eq!(main["alt-t"], json!(["workspace T"]), "generated from `T`");
    assert_eq!(main["alt-shift-5"], json!(["move-node-to-workspace 5"]));
    assert_eq!(main["alt-6"], Value::Null, "only the spec's workspaces");
    assert_eq!(
        toml["mode"]["service"]["binding"]["esc"],
        json!(["reload-config", "mode main"])
    );
    assert_eq!(toml["gaps"]["outer"]["top"], json!(4));
    assert_eq!(toml["gaps"]["inner"]["vertical"], json!(8));
    assert_eq!(
        toml["persistent-workspaces"],
        json!(["1", "2", "3", "4", "5", "T", "Notes"])
    );
    assert_eq!(
        toml["on-window-detected"][0],
        json!({ "if": { "app-id": "com.apple.systempreferences" }, "run": ["layout floating"] })
    );
}

#[test]
fn reference_check_catches_what_it_should() {
    // The reference check itself must not be a rubber stamp.
    let schema = schema();
    let bad = json!({
        "config-version": 2, "start-at-login": true, "gap": 1,
        "accordion-padding": 1.5,
        "persistent-workspaces": ["next"],
        "mode": { "main": { "binding": {
            "alt-H": ["focus left"], "option-j": ["focus down"],
            "alt-shift-h": ["move left"], "shift-alt-h": ["move right"],
            "alt-x": ["fcous left", "focus --wrap-arond left", "mode nowhere", "eval x"],
            "alt-y": "layout tiles"
        } } }
    });
    let problems = reference_problems(&bad, &schema);
    for expected in [
        "unknown top-level key gap",
        "start-at-login is not false",
        "float at .accordion-padding",
        "reserved workspace next",
        "key name H",
        "modifier option",
        "alt-shift-h declared twice",
        "unknown command fcous",
        "focus has no flag --wrap-arond",
        "mode nowhere is not declared",
        "eval is not allowed",
        "not written as an array",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:#?}"
        );
    }
}

#[test]
fn awkward_bindings_and_gaps_forms_render_valid_toml() {
    let dir = spec_with(
        r#"{ hosts.a = { user = "coal"; aerospace = {
  modifier = "ctrl";
  gaps = 3;
  workspaces = [ "1" "Mail" "F1" ];
  bindings = {
    "shift-ctrl-1" = "workspace Mail";       # replaces the generated ctrl-shift-1
    alt-tab = [ ];                           # removes AeroSpace's default
    "cmd-alt-keypadEnter" = "exec-and-forget osascript -e 'tell app \"Terminal\" to activate'";
  };
  onWindowDetected = [ { appId = "com.a\"b"; run = [ "layout floating" "move-node-to-workspace Mail" ]; } ];
}; }; }"#,
    );
    let tree = compile_ok(dir.path());
    let out = tempfile::tempdir().expect("temp dir");
    let root = write_tree(&tree, out.path());
    let Some(parsed) = support::toml_parse(&root.join("darwin/a/aerospace.toml")) else {
        return;
    };
    let toml = parsed.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reference_problems(&toml, &schema()), Vec::<String>::new());
    let main = &toml["mode"]["main"]["binding"];
    assert_eq!(main["ctrl-shift-1"], json!(["workspace Mail"]));
    assert_eq!(main["ctrl-f1"], json!(["workspace F1"]));
    assert_eq!(main["alt-tab"], Value::Null);
    assert_eq!(
        main["alt-cmd-keypadEnter"],
        json!(["exec-and-forget osascript -e 'tell app \"Terminal\" to activate'"])
    );
    assert_eq!(toml["gaps"]["outer"]["left"], json!(3));
    assert_eq!(
        toml["on-window-detected"][0]["if"]["app-id"],
        json!("com.a\"b")
    );
}
