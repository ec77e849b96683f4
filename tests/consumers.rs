//! The generated artifacts through their real consumers: podman 5.4's quadlet
//! generator and systemd's unit verifier. (CI requires the tools; locally a
//! missing one makes the test skip loudly.)

mod support;

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
    assert!(compiled.diagnostics.is_empty(), "{name} must be valid");
    let tree = compiled.tree.expect("tree");
    let out = tempfile::tempdir().expect("tmp");
    let out_dir = Utf8Path::from_path(out.path()).expect("utf8");
    emit::write(&tree, out_dir).expect("write tree");
    out
}

fn quadlet_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("users"))
        .expect("users dir")
        .map(|e| e.expect("entry").path().join("quadlet"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
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
        if let Some(problems) = support::systemd_verify(&q.units) {
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
