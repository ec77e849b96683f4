//! flake.nix and flake.lock, as far as a machine without network access to the
//! flake's inputs can check them (no flake can be fetched or built offline).
//!
//! - flake.nix, nix/package.nix and the stubs parse with `nix-instantiate --parse`;
//! - flake.nix's `outputs` function, evaluated against the stub inputs of
//!   tests/nix-stubs/flake-inputs.nix (tests/nix-stubs/eval-flake.nix), gives every
//!   expected output for the four systems, with the binary where `apps` point;
//! - flake.lock is JSON that locks exactly the inputs flake.nix names, each at a real
//!   revision shape (40 hex digits, a sha256 narHash) and from the `original` its URL says;
//! - the package's source file set holds every file the crate embeds;
//! - nix/check-example.sh, what `checks.<system>.example-<name>` runs in the sandbox,
//!   passes for every example with the binary under test.
//!
//! `nix-instantiate`, `bash` and `shellcheck` are required in CI and skip loudly locally.

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use support::NixInput;

const SYSTEMS: [&str; 4] = [
    "x86_64-linux",
    "aarch64-linux",
    "x86_64-darwin",
    "aarch64-darwin",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example specs: every directory under examples/ (what flake.nix's checks list).
fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A Nix expression for an absolute path (`/. + "/abs/path"`), safe for any characters
/// a JSON string can carry that Nix reads the same way.
fn nix_path_expr(p: &Path) -> String {
    let s = p.to_str().expect("utf-8 path");
    assert!(
        !s.contains("${") && !s.contains('\\'),
        "path not expressible: {s}"
    );
    format!("/. + {}", serde_json::to_string(s).expect("json string"))
}

/// The summary of flake.nix's outputs against the stubs, evaluated once per test binary.
/// `None`: nix-instantiate is missing and this is not CI (the caller returns).
fn flake_summary() -> Option<&'static Value> {
    static SUMMARY: OnceLock<Result<Value, String>> = OnceLock::new();
    support::tool("nix-instantiate")?;
    let result = SUMMARY.get_or_init(|| {
        let file = repo().join("tests/nix-stubs/eval-flake.nix");
        let dir = nix_path_expr(repo());
        support::nix_eval_json(NixInput::File(&file), &[("flakeDir", &dir)])
            .expect("nix-instantiate was found")
    });
    match result {
        Ok(v) => Some(v),
        Err(e) => panic!("flake.nix's outputs do not evaluate against the stub inputs:\n{e}"),
    }
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {v:#}"))
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an attribute set: {v:#}"))
        .keys()
        .cloned()
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn flake_files_parse() {
    for file in [
        "flake.nix",
        "nix/package.nix",
        "tests/nix-stubs/flake-inputs.nix",
        "tests/nix-stubs/eval-flake.nix",
        "tests/nix-stubs/eval-template.nix",
        "nix/template/flake.nix",
        "nix/template/hosts/build.nix",
        "nix/template/hosts/gpu-box.nix",
    ] {
        let Some(result) = support::nix_parse(&repo().join(file)) else {
            return;
        };
        if let Err(e) = result {
            panic!("{file} does not parse:\n{e}");
        }
    }
}

#[test]
fn every_system_has_the_package_and_the_app() {
    let Some(s) = flake_summary() else { return };
    assert_eq!(
        keys_of_list(&s["outputNames"]),
        set(&[
            "apps",
            "checks",
            "devShells",
            "overlays",
            "packages",
            "templates"
        ])
    );
    for output in ["packages", "apps", "checks", "devShells"] {
        assert_eq!(keys(&s[output]), set(&SYSTEMS), "systems of {output}");
    }
    for system in SYSTEMS {
        let pkgs = &s["packages"][system];
        assert_eq!(keys(pkgs), set(&["default", "devbox-gen"]), "{system}");
        let pkg = &pkgs["devbox-gen"];
        assert_eq!(pkg, &pkgs["default"], "default is devbox-gen on {system}");
        assert_eq!(str_at(pkg, "/kind"), "buildRustPackage");
        assert_eq!(str_at(pkg, "/system"), system);
        assert_eq!(str_at(pkg, "/pname"), "devbox-gen");
        assert_eq!(str_at(pkg, "/version"), env!("CARGO_PKG_VERSION"));
        assert_eq!(str_at(pkg, "/cargoLock"), "Cargo.lock");
        assert_eq!(str_at(pkg, "/mainProgram"), "devbox-gen");
        assert_eq!(str_at(pkg, "/license"), "MIT");
        assert_eq!(
            pkg["doCheck"], false,
            "the package builds without its tests (checks.tests runs them)"
        );
        assert_eq!(str_at(pkg, "/srcKind"), "fileset.toSource");
        let src = keys_of_list(&pkg["srcInclude"]);
        for needed in ["Cargo.toml", "Cargo.lock", "src", "templates"] {
            assert!(src.contains(needed), "the build's source lacks {needed}");
        }

        let out = str_at(pkg, "/out");
        assert!(
            out.starts_with("/nix/store/")
                && out.ends_with(&format!("-devbox-gen-{}", env!("CARGO_PKG_VERSION"))),
            "{out}"
        );
        let apps = &s["apps"][system];
        assert_eq!(keys(apps), set(&["default", "devbox-gen"]), "{system}");
        for (name, app) in apps.as_object().expect("apps") {
            assert_eq!(str_at(app, "/type"), "app", "apps.{system}.{name}");
            assert_eq!(
                str_at(app, "/program"),
                format!("{out}/bin/devbox-gen"),
                "apps.{system}.{name} runs this system's package"
            );
            assert!(!str_at(app, "/description").is_empty());
        }
    }
    // Each system builds its own package.
    let outs: BTreeSet<&str> = SYSTEMS
        .iter()
        .map(|sys| str_at(&s["packages"][sys]["default"], "/out"))
        .collect();
    assert_eq!(outs.len(), SYSTEMS.len());
}

fn keys_of_list(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v:#}"))
        .iter()
        .map(|x| x.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn checks_build_the_package_run_the_tests_and_regenerate_every_example() {
    let Some(s) = flake_summary() else { return };
    let examples = examples();
    assert!(!examples.is_empty(), "no example specs under examples/");
    for system in SYSTEMS {
        let checks = &s["checks"][system];
        let mut expected = set(&["devbox-gen", "tests"]);
        expected.extend(examples.iter().map(|e| format!("example-{e}")));
        assert_eq!(keys(checks), expected, "checks.{system}");

        let package = &s["packages"][system]["default"];
        assert_eq!(
            &checks["devbox-gen"], package,
            "checks.{system}.devbox-gen is the package"
        );

        let tests = &checks["tests"];
        assert_eq!(str_at(tests, "/kind"), "buildRustPackage");
        assert_eq!(
            tests["doCheck"], true,
            "checks.{system}.tests runs cargo test"
        );
        assert_eq!(
            str_at(tests, "/instaUpdate"),
            "no",
            "a differing snapshot fails"
        );
        assert_eq!(keys_of_list(&tests["srcInclude"]), set(&["."]));
        assert_ne!(str_at(tests, "/out"), str_at(package, "/out"));

        let bin_out = str_at(package, "/out");
        for example in &examples {
            let check = &checks[format!("example-{example}").as_str()];
            assert_eq!(str_at(check, "/kind"), "runCommand");
            assert_eq!(str_at(check, "/system"), system);
            assert_eq!(
                check["buildInputOutPaths"],
                serde_json::json!([bin_out]),
                "example-{example} runs this system's devbox-gen"
            );
            let script = str_at(check, "/script");
            assert!(
                script.contains("-check-example.sh ")
                    && script.contains(&format!("-examples/{example} "))
                    && script.contains("touch \"$out\""),
                "example-{example} must run nix/check-example.sh on examples/{example}:\n{script}"
            );
        }
    }
}

#[test]
fn dev_shell_and_overlay() {
    let Some(s) = flake_summary() else { return };
    for system in SYSTEMS {
        let shells = &s["devShells"][system];
        assert_eq!(keys(shells), set(&["default"]));
        let shell = &shells["default"];
        assert_eq!(str_at(shell, "/kind"), "mkShell");
        let packages = keys_of_list(&shell["packages"]);
        for tool in [
            "cargo",
            "rustc",
            "clippy",
            "rustfmt",
            "cargo-insta",
            "nix",
            "shellcheck",
            "podman",
            "pre-commit",
        ] {
            assert!(
                packages.contains(tool),
                "devShells.{system}.default lacks {tool}"
            );
        }
        assert!(str_at(shell, "/rustSrcPath").starts_with("/nix/store/"));
    }
    let overlay = &s["overlay"];
    assert_eq!(keys_of_list(&overlay["attrs"]), set(&["devbox-gen"]));
    assert_eq!(str_at(overlay, "/devbox-gen/pname"), "devbox-gen");
    assert_eq!(overlay["devbox-gen"]["doCheck"], false);
}

/// What `github:OWNER/REPO[/REF]` says, as a lock's `original` spells it.
fn github_original(url: &str) -> Value {
    let rest = url
        .strip_prefix("github:")
        .unwrap_or_else(|| panic!("only github: inputs are expected, got {url}"));
    let parts: Vec<&str> = rest.split('/').collect();
    let mut original = serde_json::Map::new();
    original.insert("type".into(), "github".into());
    original.insert("owner".into(), parts[0].into());
    original.insert("repo".into(), parts[1].into());
    if let Some(r) = parts.get(2) {
        original.insert("ref".into(), (*r).into());
    }
    assert!(parts.len() <= 3, "{url}");
    Value::Object(original)
}

fn is_sri_sha256(h: &str) -> bool {
    const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // 32 bytes: 43 base64 digits and one `=`.
    h.strip_prefix("sha256-").is_some_and(|b| {
        b.len() == 44 && b.ends_with('=') && b[..43].chars().all(|c| B64.contains(c))
    })
}

#[test]
fn flake_lock_pins_exactly_the_inputs_of_flake_nix() {
    let Some(s) = flake_summary() else { return };
    let text = std::fs::read_to_string(repo().join("flake.lock")).expect("flake.lock");
    let lock: Value = serde_json::from_str(&text).expect("flake.lock is JSON");
    assert_eq!(lock["version"], 7, "lock file version");
    let root = str_at(&lock, "/root");
    let nodes = &lock["nodes"];
    let inputs = &s["inputs"];
    assert_eq!(
        keys(&nodes[root]["inputs"]),
        keys(inputs),
        "flake.lock's root inputs are flake.nix's inputs"
    );
    for (name, input) in inputs.as_object().expect("inputs") {
        let node_name = str_at(&nodes[root]["inputs"], &format!("/{name}"));
        let node = &nodes[node_name];
        let url = str_at(input, "/url");
        assert_eq!(
            node["original"],
            github_original(url),
            "flake.lock's {name} was locked from another URL than flake.nix's {url}: run `nix flake lock`"
        );
        let locked = &node["locked"];
        assert_eq!(str_at(locked, "/type"), "github");
        assert_eq!(locked["owner"], node["original"]["owner"]);
        assert_eq!(locked["repo"], node["original"]["repo"]);
        let rev = str_at(locked, "/rev");
        assert!(
            rev.len() == 40 && rev.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
            "{name}: rev {rev} is not 40 hex digits"
        );
        let nar = str_at(locked, "/narHash");
        assert!(is_sri_sha256(nar), "{name}: narHash {nar}");
        let modified = locked["lastModified"].as_u64().expect("lastModified");
        // After nixos-25.11 branched off (2025-11), before 2100.
        assert!(
            (1_761_955_200..4_102_444_800).contains(&modified),
            "{name}: lastModified {modified}"
        );
    }
}

/// Every file the crate embeds (`include_str!`/`include_bytes!` in src/) must be in the
/// package's source file set, or the Nix build cannot compile it; and Cargo.toml must
/// not name targets or a build script outside it.
#[test]
fn the_package_source_holds_everything_the_build_reads() {
    let Some(s) = flake_summary() else { return };
    let src = keys_of_list(&s["packages"]["x86_64-linux"]["default"]["srcInclude"]);
    let inside = |rel: &Path| {
        src.iter()
            .any(|root| rel == Path::new(root) || rel.starts_with(root))
    };

    let mut files = Vec::new();
    collect_rs(&repo().join("src"), &mut files);
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for macro_name in ["include_str!(\"", "include_bytes!(\""] {
            for (i, _) in text.match_indices(macro_name) {
                let rest = &text[i + macro_name.len()..];
                let Some(end) = rest.find('"') else { continue };
                let target = file.parent().expect("dir").join(&rest[..end]);
                let rel = normalize(target.strip_prefix(repo()).unwrap_or(&target));
                assert!(
                    inside(&rel),
                    "{} embeds {} which nix/package.nix's build file set ({src:?}) leaves out",
                    file.display(),
                    rel.display()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "found no include_str! at all: the scan is broken"
    );

    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    for line in manifest.lines().map(str::trim) {
        let names_files = line.starts_with("build =")
            || line.starts_with("build=")
            || ["[[test]]", "[[example]]", "[[bench]]", "[[bin]]"].contains(&line);
        assert!(
            !names_files,
            "Cargo.toml has `{line}`: add what it names to nix/package.nix's build \
             file set, then update this test"
        );
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b/../c` → `a/c`, lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn check_example_script_passes_shellcheck() {
    let Some(result) = support::shellcheck(&repo().join("nix/check-example.sh")) else {
        return;
    };
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// What `checks.<system>.example-<name>` runs, here with the binary under test.
#[test]
fn every_example_passes_the_flake_regeneration_check() {
    let Some(bash) = support::tool("bash") else {
        return;
    };
    for example in examples() {
        let work = tempfile::tempdir().expect("tmp");
        let out = Command::new(&bash)
            .arg(repo().join("nix/check-example.sh"))
            .arg(repo().join("examples").join(&example))
            .arg(work.path().join(&example))
            .env("DEVBOX_GEN", env!("CARGO_BIN_EXE_devbox-gen"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run nix/check-example.sh");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "nix/check-example.sh failed for examples/{example} ({}):\n{stdout}\n{stderr}",
            out.status
        );
        assert!(
            stdout.contains(&format!("check-example {example}: ok")),
            "{stdout}"
        );
    }
}

/// The script's own failure path: a spec with an error fails the check (so the flake
/// check cannot pass vacuously).
#[test]
fn check_example_fails_on_a_broken_spec() {
    let Some(bash) = support::tool("bash") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = tmp.path().join("broken");
    std::fs::create_dir(&spec).expect("mkdir");
    std::fs::write(spec.join("users.nix"), "{ users = ").expect("write");
    std::fs::write(spec.join("containers.nix"), "{ }").expect("write");
    let out = Command::new(&bash)
        .arg(repo().join("nix/check-example.sh"))
        .arg(&spec)
        .arg(tmp.path().join("work"))
        .env("DEVBOX_GEN", env!("CARGO_BIN_EXE_devbox-gen"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run nix/check-example.sh");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("check-example broken: FAIL"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `templates.default` (`nix flake init -t`): nix/template, whose flake, once
/// its spec is rendered to generated/, gives one nixosConfiguration per server
/// of the spec, each importing the team's users.nix, its own host file and its
/// own module of the tree (which installs that server's containers and owners
/// only), and one darwinConfiguration for the Mac. Evaluated against stub
/// inputs (tests/nix-stubs/eval-template.nix).
#[test]
fn flake_template_deploys_two_servers_and_a_mac() {
    let Some(s) = flake_summary() else { return };
    let t = &s["templates"]["default"];
    assert_eq!(str_at(t, "/path"), "nix/template");
    assert!(!str_at(t, "/description").is_empty());
    assert!(str_at(t, "/welcomeText").contains("--target-host"));

    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("infra");
    copy_tree(&repo().join("nix/template"), &dir);
    let render = Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .arg("render")
        .arg(dir.join("spec"))
        .arg("--out")
        .arg(dir.join("generated"))
        .output()
        .expect("run devbox-gen");
    assert!(
        render.status.success(),
        "{}",
        String::from_utf8_lossy(&render.stderr)
    );
    let Some(summary) = support::nix_eval_json(
        NixInput::File(&repo().join("tests/nix-stubs/eval-template.nix")),
        &[("dir", &nix_path_expr(&dir))],
    ) else {
        return;
    };
    let v = summary.unwrap_or_else(|e| panic!("the template's flake does not evaluate:\n{e}"));
    assert_eq!(
        keys_of_list(&v["outputNames"]),
        set(&["darwinConfigurations", "nixosConfigurations"])
    );
    for input in ["nix-darwin", "home-manager"] {
        assert_eq!(v["inputs"][input]["follows"], "nixpkgs", "{input}");
    }
    assert_eq!(keys(&v["nixos"]), set(&["build", "gpu-box"]));
    // Each server's containers (spec/containers.nix), by the Quadlet files its module installs.
    let expected: [(&str, &[&str], &[&str]); 2] = [
        ("build", &["alice-dev", "bob-dev"], &["alice", "bob"]),
        ("gpu-box", &["alice-train"], &["alice"]),
    ];
    for (server, containers, owners) in expected {
        let c = &v["nixos"][server];
        assert_eq!(str_at(c, "/kind"), "nixosSystem");
        let modules = c["modules"].as_array().expect("modules");
        let paths: BTreeSet<String> = modules
            .iter()
            .filter_map(|m| Some(m["path"].as_str()?.to_owned()))
            .collect();
        let host = format!("hosts/{server}.nix");
        assert_eq!(paths, set(&[host.as_str(), "spec/users.nix"]), "{server}");
        assert!(dir.join(&host).is_file(), "{host}");
        let module = modules
            .iter()
            .find_map(|m| m.get("module"))
            .unwrap_or_else(|| panic!("{server}: no generated module"));
        let installed: BTreeSet<String> = module["etc"]
            .as_array()
            .expect("etc")
            .iter()
            .filter_map(|e| e.as_str()?.strip_suffix(".container"))
            .filter_map(|e| e.rsplit('/').next().map(str::to_owned))
            .collect();
        assert_eq!(installed, set(containers), "{server}");
        assert_eq!(keys_of_list(&module["owners"]), set(owners), "{server}");
        assert!(
            modules
                .iter()
                .any(|m| m["settings"]["devbox"]["enable"] == true),
            "{server}: devbox.enable"
        );
    }
    assert_eq!(keys(&v["darwin"]), set(&["alice-mbp"]));
    assert_eq!(
        v["darwin"]["alice-mbp"]["modules"],
        serde_json::json!(["home-manager", "generated/darwin/alice-mbp"])
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
