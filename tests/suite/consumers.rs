//! The generated artifacts through their real consumers: podman 5.4's quadlet
//! generator and systemd's unit verifier. (CI requires the tools; locally a
//! missing one makes the test skip loudly.)

use crate::support;

use std::path::Path;

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::pipeline::compile;

/// Renders an example into a temporary directory.
fn render_example(name: &str) -> tempfile::TempDir {
    let spec = Utf8Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let compiled = compile(&spec, None);
    assert!(!compiled.has_errors(), "{name} must be valid");
    let tree = compiled.tree.expect("tree");
    let out = tempfile::tempdir().expect("tmp");
    let out_dir = Utf8Path::from_path(out.path()).expect("utf8");
    emit::write(&tree, out_dir).expect("write tree");
    out
}

/// The generated units name the owner's scripts by their deployed path,
/// `/etc/devbox/users/<u>/bin/…` (`ExecCondition=`, `ExecStartPre=`,
/// `ExecStart=`), which does not exist here; systemd-analyze verify checks
/// that executables exist. So the units are verified as rendered except for
/// that prefix, rewritten to the rendered `users/<u>/bin/` of the same tree.
fn deployed_to_rendered(text: &str, root: &Path) -> String {
    let rendered = format!("{}/users/", root.display());
    text.replace("/etc/devbox/users/", &rendered)
}

/// Each owner's quadlet dir, copied under `<root>/verify/<owner>/quadlet` with
/// the script paths rewritten (see [`deployed_to_rendered`]).
fn quadlet_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs = Vec::new();
    for owner in std::fs::read_dir(root.join("users")).expect("users dir") {
        let owner = owner.expect("entry");
        let src = owner.path().join("quadlet");
        if !src.is_dir() {
            continue;
        }
        let dst = root.join("verify").join(owner.file_name()).join("quadlet");
        std::fs::create_dir_all(&dst).expect("mkdir");
        for f in std::fs::read_dir(&src).expect("quadlet dir") {
            let f = f.expect("entry");
            let text = std::fs::read_to_string(f.path()).expect("read unit");
            std::fs::write(dst.join(f.file_name()), deployed_to_rendered(&text, root))
                .expect("write unit");
        }
        dirs.push(dst);
    }
    dirs.sort();
    dirs
}

/// Stand-ins for the NixOS module's image loaders (`devbox-image-<image>.service`,
/// wanted by every `.container`), so verify sees the units they name exist.
fn image_loader_stubs(units: &mut std::collections::BTreeMap<String, String>) {
    let wanted: Vec<String> = units
        .values()
        .flat_map(|u| u.lines())
        .filter_map(|l| l.strip_prefix("Wants="))
        .flat_map(|l| l.split_whitespace())
        .filter(|u| u.starts_with("devbox-image-"))
        .map(str::to_owned)
        .collect();
    for unit in wanted {
        units.entry(unit).or_insert_with(|| {
            "[Unit]\nDescription=stand-in for the image loader\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n".to_owned()
        });
    }
}

#[test]
fn quadlet_accepts_every_generated_unit_and_systemd_verifies_the_services() {
    let out = render_example("team");
    let dirs = quadlet_dirs(out.path());
    assert_eq!(
        dirs.len(),
        2,
        "both owners of the example have a quadlet dir"
    );
    for dir in dirs {
        let Some(q) = support::quadlet_dryrun_user(&dir) else {
            return; // skipped loudly by the harness
        };
        assert!(
            q.success,
            "quadlet failed for {}:\n{}",
            dir.display(),
            q.stderr
        );
        assert!(
            !q.stderr.contains("converting") && !q.stderr.to_lowercase().contains("error"),
            "quadlet complained:\n{}",
            q.stderr
        );
        let mut expected = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("read quadlet dir") {
            let file = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if let Some(c) = file.strip_suffix(".container") {
                expected.push(format!("{c}.service"));
            } else if let Some(v) = file.strip_suffix(".volume") {
                expected.push(format!("{v}-volume.service"));
            }
        }
        for unit in &expected {
            assert!(
                q.units.contains_key(unit),
                "quadlet made no {unit}: {:?}",
                q.units.keys()
            );
        }
        let mut units = q.units.clone();
        image_loader_stubs(&mut units);
        if let Some(problems) = support::systemd_verify(&units) {
            assert!(
                problems.is_empty(),
                "systemd-analyze verify:\n{}",
                problems.join("\n")
            );
        }
    }
}

#[test]
fn quadlet_turns_our_keys_into_the_intended_podman_arguments() {
    let out = render_example("team");
    let Some(q) = support::quadlet_dryrun_user(&out.path().join("users/coal/quadlet")) else {
        return;
    };
    assert!(q.success, "{}", q.stderr);
    let service = &q.units["coal-rust.service"];
    let exec = service
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .expect("ExecStart");
    for needle in [
        "--name devbox-coal-rust",
        "--hostname coal-rust",
        "-v devbox-coal-rust-home:/home/dev:Z",
        "--secret devbox-ts-authkey,type=mount,target=/run/secrets/ts-authkey,uid=1000,gid=1000,mode=0400",
        "--init",
        "--pull never",
        "localhost/devbox-rust:2025.11",
    ] {
        assert!(exec.contains(needle), "ExecStart lacks `{needle}`:\n{exec}");
    }
    // The literal `"coal" at 100% $HOME` reaches podman intact: systemd turns
    // `%%`/`$$` back into `%`/`$` when it runs ExecStart.
    assert!(
        exec.contains(r#"--env "GREETING=hello from \"coal\" at 100%% $$HOME""#),
        "{exec}"
    );
    assert!(
        !exec.contains("--cap-add"),
        "no capabilities: tailscale runs in userspace"
    );
    for line in [
        "CPUQuota=400%",
        "MemoryMax=8G",
        "TasksMax=4096",
        "WantedBy=default.target",
    ] {
        assert!(service.lines().any(|l| l == line), "service lacks {line}");
    }
    let notes = &q.units["coal-notes.service"];
    assert!(
        !notes.contains("WantedBy="),
        "autoStart = false: not enabled"
    );
    assert!(notes.contains("--publish 127.0.0.1:8888:8888"), "{notes}");
}

/// Renders a feature spec of `tests/specs/` into a temporary directory.
fn render_feature(name: &str) -> tempfile::TempDir {
    let spec = Utf8Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(name);
    let compiled = compile(&spec, None);
    assert!(!compiled.has_errors(), "{name} must be valid");
    let out = tempfile::tempdir().expect("tmp");
    emit::write(
        &compiled.tree.expect("tree"),
        Utf8Path::from_path(out.path()).expect("utf8"),
    )
    .expect("write tree");
    out
}

#[test]
fn a_capped_home_is_a_bind_volume_of_roots_directory() {
    // tests/specs/limits: gale-data has `homeSize = "64M"`, gale-plain no cap.
    let out = render_feature("limits");
    let Some(q) = support::quadlet_dryrun_user(&out.path().join("users/gale/quadlet")) else {
        return;
    };
    assert!(q.success, "{}", q.stderr);
    let exec = |unit: &str| -> String {
        q.units[unit]
            .lines()
            .find(|l| l.starts_with("ExecStart="))
            .unwrap_or_else(|| panic!("{unit}: no ExecStart"))
            .to_owned()
    };
    let capped = exec("gale-data-home-volume.service");
    // `type=bind` makes `podman volume create` check that the directory
    // exists (and is reachable): a missing or closed home fails the volume.
    for needle in [
        "--opt device=/var/lib/devbox/.homes/gale/gale-data",
        "--opt type=bind",
        " devbox-gale-data-home-capped",
    ] {
        assert!(capped.contains(needle), "lacks `{needle}`:\n{capped}");
    }
    assert!(
        exec("gale-data.service").contains("-v devbox-gale-data-home-capped:/home/dev:Z"),
        "{}",
        exec("gale-data.service")
    );
    let plain = exec("gale-plain-home-volume.service");
    assert!(
        !plain.contains("--opt") && plain.ends_with(" devbox-gale-plain-home"),
        "{plain}"
    );
}

#[test]
fn the_container_units_wait_for_the_image_and_run_the_owners_scripts() {
    let out = render_example("team");
    let Some(q) = support::quadlet_dryrun_user(&out.path().join("users/coal/quadlet")) else {
        return;
    };
    assert!(q.success, "{}", q.stderr);
    let service = &q.units["coal-rust.service"];
    for line in [
        "Wants=devbox-image-rust.service",
        "After=devbox-image-rust.service",
        "ExecCondition=/etc/devbox/users/coal/bin/devbox-cleanup condition coal-rust",
        "ExecStartPre=/etc/devbox/users/coal/bin/devbox-authkey import",
    ] {
        assert!(
            service.lines().any(|l| l == line),
            "service lacks {line}:\n{service}"
        );
    }
    let ash = support::quadlet_dryrun_user(&out.path().join("users/ash/quadlet")).expect("quadlet");
    assert!(ash.units["ash-py.service"].contains("Wants=devbox-image-python.service"));
}

#[test]
fn systemd_verifies_the_cleanup_timer_and_service_as_installed() {
    let out = render_example("team");
    for owner in ["coal", "ash"] {
        let dir = out.path().join("users").join(owner).join("systemd");
        let mut units = std::collections::BTreeMap::new();
        for (stem, ext) in [
            ("devbox-cleanup", "service"),
            ("devbox-cleanup", "timer"),
            // Both owners have Tailscale containers: the key's path unit.
            ("devbox-key", "service"),
            ("devbox-key", "path"),
        ] {
            let text = std::fs::read_to_string(dir.join(format!("{stem}.{ext}"))).expect("unit");
            assert!(
                text.contains(&format!("\nConditionUser={owner}\n")),
                "{text}"
            );
            // Installed by the NixOS module as <stem>-<owner>.<ext>.
            units.insert(
                format!("{stem}-{owner}.{ext}"),
                deployed_to_rendered(&text, out.path()),
            );
        }
        let path = &units[&format!("devbox-key-{owner}.path")];
        assert!(
            path.lines()
                .any(|l| l == format!("PathChanged=/run/devbox/keys/{owner}/ts-authkey")),
            "{path}"
        );
        let timer = &units[&format!("devbox-cleanup-{owner}.timer")];
        for line in [
            "OnCalendar=hourly",
            "Persistent=true",
            "RandomizedDelaySec=600",
        ] {
            assert!(
                timer.lines().any(|l| l == line),
                "timer lacks {line}:\n{timer}"
            );
        }
        if let Some(problems) = support::systemd_verify(&units) {
            assert!(
                problems.is_empty(),
                "systemd-analyze verify:\n{}",
                problems.join("\n")
            );
        }
    }
}
