//! Target podman versions: the example rendered for the oldest and the newest
//! supported podman passes podman 5.4's `quadlet -dryrun`; every key of every
//! generated Quadlet unit is looked up in the key table for the target; a
//! feature that needs a newer podman is refused at that target.

mod support;

use std::collections::BTreeMap;
use std::process::Command;

use camino::{Utf8Path, Utf8PathBuf};
use devbox_gen::diagnostics::render_text;
use devbox_gen::emit::{self, OutputTree};
use devbox_gen::model::PodmanVersion;
use devbox_gen::model::podman::{KeySince, is_quadlet_section, key_since};
use devbox_gen::pipeline::compile_for_podman;

const V50: PodmanVersion = PodmanVersion::new(5, 0);
const V54: PodmanVersion = PodmanVersion::new(5, 4);

fn manifest_dir() -> &'static Utf8Path {
    Utf8Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn render_for(spec: &str, podman: Option<PodmanVersion>) -> OutputTree {
    let dir = manifest_dir().join(spec);
    let compiled = compile_for_podman(&dir, None, None, podman);
    let text = render_text(&compiled.diagnostics, &compiled.sources, false);
    assert!(!compiled.has_errors(), "{spec} for {podman:?}:\n{text}");
    compiled.tree.expect("a tree for a valid spec")
}

/// The Quadlet files of a tree: path → text.
fn quadlet_units(tree: &OutputTree) -> BTreeMap<String, String> {
    tree.iter()
        .filter(|(p, _, _)| matches!(p.extension(), Some("container" | "volume")))
        .map(|(p, text, _)| (p.to_string(), text.to_owned()))
        .collect()
}

/// `(section, key)` of every entry of a unit file (comments and blank lines
/// skipped; a line ending in `\` continues on the next).
fn unit_keys(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut section = None;
    let mut out = Vec::new();
    let mut continued = false;
    for line in text.lines() {
        let was_continued = continued;
        continued = line.ends_with('\\');
        if was_continued {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.to_owned());
            continue;
        }
        let (key, _) = line
            .split_once('=')
            .ok_or_else(|| format!("not a key=value line: {line:?}"))?;
        let section = section
            .clone()
            .ok_or_else(|| format!("a key before any section: {line:?}"))?;
        out.push((section, key.trim().to_owned()));
    }
    Ok(out)
}

/// The keys of `text` that podman `target`'s quadlet does not know, in the
/// sections quadlet reads itself (`[Unit]`, `[Service]`, `[Install]` go to systemd).
fn keys_too_new(text: &str, target: PodmanVersion) -> Result<Vec<String>, String> {
    let mut bad = Vec::new();
    for (section, key) in unit_keys(text)? {
        if !is_quadlet_section(&section) {
            continue;
        }
        match key_since(&section, &key) {
            KeySince::Release(v) if v <= target => {}
            KeySince::Release(v) => bad.push(format!("[{section}] {key}= needs podman {v}")),
            KeySince::Unreleased => bad.push(format!("[{section}] {key}= is in no release")),
            KeySince::Unknown => bad.push(format!("[{section}] {key}= is no Quadlet key")),
        }
    }
    Ok(bad)
}

fn assert_keys_known(tree: &OutputTree, target: PodmanVersion, what: &str) {
    let units = quadlet_units(tree);
    assert!(!units.is_empty(), "{what}: no Quadlet units");
    for (path, text) in units {
        let keys = unit_keys(&text).expect("parses");
        assert!(
            keys.iter().any(|(s, _)| s == "Container" || s == "Volume"),
            "{what}: {path} has no Quadlet section"
        );
        let bad = keys_too_new(&text, target).expect("parses");
        assert!(
            bad.is_empty(),
            "{what}: {path} for podman {target}: {bad:?}"
        );
    }
}

#[test]
fn every_key_of_every_unit_for_5_0_is_in_the_key_table_for_5_0() {
    assert_keys_known(
        &render_for("examples/team", Some(V50)),
        V50,
        "examples/team",
    );
    for entry in std::fs::read_dir(manifest_dir().join("tests/specs")).expect("tests/specs") {
        let name = entry.expect("entry").file_name();
        let spec = format!("tests/specs/{}", name.to_string_lossy());
        // A spec may name a newer podman for its server: check it at its own target.
        let dir = manifest_dir().join(&spec);
        let compiled = compile_for_podman(&dir, None, None, None);
        let spec_model = compiled.spec.expect("spec");
        let target = spec_model
            .containers
            .values()
            .map(|c| spec_model.podman_target(c).version())
            .max()
            .unwrap_or(V50);
        assert_keys_known(&render_for(&spec, None), target, &spec);
    }
}

#[test]
fn the_key_check_fails_on_a_unit_with_a_newer_key() {
    let unit = "[Unit]\nDescription=x\n\n[Container]\nImage=localhost/x:1\n# AddHost=in a comment\nAddHost=db:10.0.0.1\n\n[Service]\nMemoryMax=1G\n";
    assert_eq!(
        keys_too_new(unit, V50).expect("parses"),
        ["[Container] AddHost= needs podman 5.3"]
    );
    assert!(keys_too_new(unit, V54).expect("parses").is_empty());
    let unknown = "[Container]\nImage=x\nMemoryMax=1G\n";
    assert_eq!(
        keys_too_new(unknown, V54).expect("parses"),
        ["[Container] MemoryMax= is no Quadlet key"]
    );
    let memory = "[Container]\nMemory=1G\n";
    assert_eq!(
        keys_too_new(memory, V54).expect("parses"),
        ["[Container] Memory= needs podman 5.5"]
    );
    let volume = "[Volume]\nUID=1000\n";
    assert_eq!(
        keys_too_new(volume, V54).expect("parses"),
        ["[Volume] UID= is in no release"]
    );
}

/// A copy of examples/team whose first container adds `extraHosts` (AddHost=, podman 5.3).
fn example_with_extra_hosts() -> tempfile::TempDir {
    let src = manifest_dir().join("examples/team");
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["users.nix", "containers.nix"] {
        std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
    }
    for entry in std::fs::read_dir(src.as_std_path()).expect("example") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if entry.file_type().expect("type").is_dir() {
            let to = dir.path().join(&name);
            std::fs::create_dir(&to).expect("mkdir");
            for f in std::fs::read_dir(entry.path()).expect("subdir") {
                let f = f.expect("entry");
                std::fs::copy(f.path(), to.join(f.file_name())).expect("copy");
            }
        }
    }
    let path = dir.path().join("containers.nix");
    let text = std::fs::read_to_string(&path).expect("read");
    let patched = text.replacen(
        "owner = ",
        "extraHosts.\"db.internal\" = \"100.64.0.5\";\n      owner = ",
        1,
    );
    assert_ne!(patched, text, "the example names an owner");
    std::fs::write(&path, patched).expect("write");
    dir
}

#[test]
fn a_feature_newer_than_the_target_is_refused_naming_the_release_that_added_it() {
    let dir = example_with_extra_hosts();
    let spec = Utf8PathBuf::from_path_buf(dir.path().to_owned()).expect("utf8");
    let compiled = compile_for_podman(&spec, None, None, Some(V50));
    let text = render_text(&compiled.diagnostics, &compiled.sources, false);
    assert!(compiled.has_errors(), "{text}");
    assert!(text.contains("spec::podman-too-old"), "{text}");
    assert!(text.contains("needs podman 5.3"), "{text}");
    assert!(text.contains("`AddHost=`"), "{text}");
    assert!(
        text.contains("extraHosts.\"db.internal\""),
        "the span: {text}"
    );
    assert!(compiled.tree.is_none(), "nothing rendered");

    // At 5.3 and later the unit has it, and the key table agrees.
    for v in [PodmanVersion::new(5, 3), V54] {
        let compiled = compile_for_podman(&spec, None, None, Some(v));
        assert!(!compiled.has_errors());
        let tree = compiled.tree.expect("tree");
        let units = quadlet_units(&tree);
        assert!(
            units
                .values()
                .any(|t| t.contains("AddHost=db.internal:100.64.0.5")),
            "{units:?}"
        );
        assert_keys_known(&tree, v, "with extraHosts");
        // The same units at 5.0 are what the check exists to catch.
        let too_new: Vec<String> = units
            .values()
            .flat_map(|t| keys_too_new(t, V50).expect("parses"))
            .collect();
        assert_eq!(too_new, ["[Container] AddHost= needs podman 5.3"]);
    }
}

#[test]
fn a_server_podman_is_the_target_of_its_containers_over_the_flag() {
    // tests/specs/extra-hosts: servers.build.podman = "5.3.1", extraHosts (5.3).
    for flag in [None, Some(V50), Some(V54)] {
        let tree = render_for("tests/specs/extra-hosts", flag);
        assert_keys_known(&tree, PodmanVersion::new(5, 3), "extra-hosts");
        let text = tree.to_text();
        assert!(text.contains("(podman >= 5.3)"), "{flag:?}");
        assert!(
            text.contains("package.version \"5.3\";")
                && text.contains("(servers.build.podman of containers.nix)"),
            "{flag:?}"
        );
        assert_quadlet_accepts(&tree, "extra-hosts");
    }
}

/// Writes a tree and runs podman 5.4's quadlet over each owner's unit dir.
fn assert_quadlet_accepts(tree: &OutputTree, what: &str) {
    let out = tempfile::tempdir().expect("tmp");
    emit::write(tree, Utf8Path::from_path(out.path()).expect("utf8")).expect("write");
    // `users/<owner>/quadlet`, or `nixos/<server>/users/<owner>/quadlet` with servers.
    fn quadlet_dirs(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "quadlet") {
                    out.push(path);
                } else {
                    quadlet_dirs(&path, out);
                }
            }
        }
    }
    let mut found = Vec::new();
    quadlet_dirs(out.path(), &mut found);
    let mut dirs = 0;
    for dir in found {
        dirs += 1;
        let Some(q) = support::quadlet_dryrun_user(&dir) else {
            return; // skipped loudly by the harness
        };
        assert!(
            q.success,
            "{what}: quadlet failed for {dir:?}:\n{}",
            q.stderr
        );
        assert!(
            !q.stderr.contains("converting"),
            "{what}: quadlet complained:\n{}",
            q.stderr
        );
        assert!(
            q.units.keys().any(|u| u.ends_with("-volume.service")),
            "{what}: {:?}",
            q.units.keys()
        );
    }
    assert!(dirs > 0, "{what}: no quadlet dir");
}

#[test]
fn the_example_for_5_0_and_for_5_4_passes_quadlet_5_4() {
    let old = render_for("examples/team", Some(V50));
    let new = render_for("examples/team", Some(V54));
    assert_quadlet_accepts(&old, "for 5.0");
    assert_quadlet_accepts(&new, "for 5.4");
    assert_keys_known(&new, V54, "for 5.4");
    // The target shows where it is promised: the units' header and the host
    // module's assertion; nothing else changes.
    let (old, new) = (old.to_text(), new.to_text());
    let changed: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count());
    assert!(!changed.is_empty());
    for (a, b) in &changed {
        assert!(
            a.contains("5.0") && b.contains("5.4") && a.replace("5.0", "5.4") == *b,
            "{a}\n{b}"
        );
    }
    assert!(
        changed.iter().any(|(_, b)| b
            .contains("versionAtLeast config.virtualisation.podman.package.version \"5.4\"")),
        "{changed:?}"
    );
}

fn devbox_gen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .args(args)
        .output()
        .expect("run devbox-gen")
}

#[test]
fn targets_outside_5_0_to_5_4_are_usage_errors() {
    let spec = manifest_dir().join("examples/team");
    let out = tempfile::tempdir().expect("tmp");
    let out_dir = out.path().join("tree");
    let out_str = out_dir.to_str().expect("utf8");
    for (v, why) in [
        ("5.5", "newer than 5.4"),
        ("6.0", "newer than 5.4"),
        ("4.9", "older than 5.0"),
        ("five", "not a podman version"),
    ] {
        let o = devbox_gen(&[
            "render",
            spec.as_str(),
            "--out",
            out_str,
            "--podman-version",
            v,
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{v}: {stderr}");
        assert!(stderr.contains(why), "{v}: {stderr}");
        assert!(!out_dir.exists(), "{v}: nothing written");
        let o = devbox_gen(&["check", spec.as_str(), "--podman-version", v]);
        assert_eq!(o.status.code(), Some(2), "check {v}");
    }
    let o = devbox_gen(&["check", spec.as_str(), "--podman-version", "5.4.2"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", o);
}
