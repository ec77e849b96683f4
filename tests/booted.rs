//! The generated host side on a booted system: `scripts/e2e.sh` renders a spec,
//! installs the tree into a Debian 13 userland (systemd 257, rootless podman 5.4)
//! exactly as the generated NixOS module would, boots it with systemd-nspawn and runs
//! the scenarios as the owners (docs/e2e.md). Here for the bundled example, for
//! tests/specs/two-owners (two owners, three containers, one without Tailscale),
//! for tests/specs/storage (shared volumes, host directories, a tmpfs, /dev/fuse),
//! and for each server of tests/specs/two-servers (one guest per server, each
//! running only its own containers). tests/specs/limits boots under qemu instead
//! (a real kernel with every cgroup controller): its limits are checked in the
//! containers' cgroups, and its capped home against the data disk's quota.
//!
//! Needs root, systemd-nspawn and debootstrap (scripts/install-test-tools.sh). Without
//! them the harness exits 77 and the test skips with a loud line, unless `CI` is set:
//! then it fails, so CI never passes by skipping.

#![allow(clippy::print_stderr)] // the loud SKIPPED lines

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

/// One boot at a time: each takes most of the machine.
static BOOT: Mutex<()> = Mutex::new(());

/// The harness's exit code when it cannot run on this machine.
const CANNOT_RUN: i32 = 77;

fn run_e2e(spec: &str) {
    run_e2e_on(spec, None, Guest::Nspawn);
}

/// How the guest boots (scripts/e2e.sh's `DEVBOX_E2E_VM`).
#[derive(Clone, Copy)]
enum Guest {
    Nspawn,
    Qemu,
}

/// `server`: the server of a spec with `servers` that the guest is.
#[allow(clippy::print_stderr, reason = "a skipped check must be loud")]
fn run_e2e_on(spec: &str, server: Option<&str>, guest: Guest) {
    let _one_at_a_time = BOOT.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The harness's own output (one line per step) goes straight to the terminal:
    // a boot takes tens of seconds and its progress must be visible.
    let mut cmd = Command::new("bash");
    cmd.arg(root.join("scripts/e2e.sh"))
        .arg(root.join(spec))
        .env("DEVBOX_GEN", env!("CARGO_BIN_EXE_devbox-gen"))
        .env_remove("DEVBOX_E2E_SERVER")
        .env(
            "DEVBOX_E2E_VM",
            match guest {
                Guest::Nspawn => "nspawn",
                Guest::Qemu => "qemu",
            },
        );
    if let Some(s) = server {
        cmd.env("DEVBOX_E2E_SERVER", s);
    }
    let spec = match server {
        Some(s) => format!("{spec} (server {s})"),
        None => spec.to_owned(),
    };
    let status = cmd.status().expect("run bash scripts/e2e.sh");
    match status.code() {
        Some(0) => {}
        Some(CANNOT_RUN) if !support::in_ci() => {
            // The harness said why on stderr; say which check did not run.
            eprintln!("SKIPPED: the booted end-to-end test of {spec} did NOT run");
        }
        Some(CANNOT_RUN) => panic!(
            "the booted end-to-end test of {spec} cannot run here, and CI is set: \
             run as root after scripts/install-test-tools.sh"
        ),
        _ => panic!("scripts/e2e.sh {spec} failed ({status}); its steps are above"),
    }
}

#[test]
fn bundled_example_boots_and_its_containers_run() {
    run_e2e("examples/team");
}

#[test]
fn two_owners_three_containers_boot_and_run() {
    run_e2e("tests/specs/two-owners");
}

#[test]
fn two_servers_each_run_only_their_own_containers() {
    run_e2e_on("tests/specs/two-servers", Some("build"), Guest::Nspawn);
    run_e2e_on("tests/specs/two-servers", Some("gpu-box"), Guest::Nspawn);
}

#[test]
fn limits_take_effect_in_the_cgroup_tree_of_a_real_kernel() {
    run_e2e_on("tests/specs/limits", None, Guest::Qemu);
}

#[test]
fn storage_volumes_shared_kept_and_devices_reach_the_unit() {
    run_e2e("tests/specs/storage");
}
