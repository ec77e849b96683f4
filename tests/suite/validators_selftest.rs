//! Proves that the validator harness in `tests/support` works: every real consumer
//! accepts hand-written good input and rejects hand-written bad input, and the filters
//! keep the lines they must keep. Each test fails if its tool misbehaves (accepts what it
//! must reject, or the reverse). Locally a missing tool skips loudly; in CI it fails.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::json;
use support::NixInput;

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).expect("write test input");
    path
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create temp dir")
}

fn units(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// tool()
// ---------------------------------------------------------------------------------------

#[test]
fn tool_finds_bash_and_handles_a_missing_tool() {
    assert!(
        support::tool("bash").is_some(),
        "bash must be found on PATH"
    );
    let missing = "devbox-gen-no-such-validator";
    let result = std::panic::catch_unwind(|| support::tool(missing));
    if support::in_ci() {
        let err = result.expect_err("a missing tool must panic in CI");
        let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(msg.contains("required in CI"), "panic message: {msg}");
        assert!(
            msg.contains("install-test-tools.sh"),
            "panic message: {msg}"
        );
        assert!(msg.contains(missing), "panic message: {msg}");
    } else {
        assert_eq!(result.expect("no panic outside CI"), None);
    }
}

// ---------------------------------------------------------------------------------------
// quadlet + systemd-analyze
// ---------------------------------------------------------------------------------------

const DEV_CONTAINER: &str = r#"[Unit]
Description=Rootless dev container

[Container]
Image=ghcr.io/example/devbox:latest
ContainerName=dev
Volume=devhome.volume:/home/dev:Z
Secret=ts-authkey,type=mount,target=/run/secrets/ts-authkey,uid=1000,gid=1000,mode=0400
RunInit=true
Environment="GREETING=hello world" TZ=UTC
Exec=sleep infinity

[Service]
CPUQuota=200%
MemoryMax=4G
TasksMax=4096
Restart=on-failure

[Install]
WantedBy=default.target
"#;

const DEVHOME_VOLUME: &str = "[Volume]\nVolumeName=devhome\n";

#[test]
fn valid_container_and_volume_pass_quadlet_and_systemd() {
    let dir = tempdir();
    write(dir.path(), "dev.container", DEV_CONTAINER);
    write(dir.path(), "devhome.volume", DEVHOME_VOLUME);
    let Some(out) = support::quadlet_dryrun_user(dir.path()) else {
        return;
    };
    assert!(
        out.success,
        "quadlet rejected a valid pair:\n{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("converting"),
        "quadlet complained:\n{}",
        out.stderr
    );
    let names: Vec<&str> = out.units.keys().map(String::as_str).collect();
    assert_eq!(names, ["dev.service", "devhome-volume.service"]);

    let dev = &out.units["dev.service"];
    let exec = dev
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .unwrap_or_else(|| panic!("no ExecStart in:\n{dev}"));
    for want in [
        "ExecStart=/bin/true run ",
        " --name dev ",
        " --init ",
        " --cgroups=split ",
        " -v devhome:/home/dev:Z ",
        " --env \"GREETING=hello world\" ",
        " --env TZ=UTC ",
        " --secret ts-authkey,type=mount,target=/run/secrets/ts-authkey,uid=1000,gid=1000,mode=0400 ",
        " ghcr.io/example/devbox:latest sleep infinity",
    ] {
        assert!(exec.contains(want), "ExecStart lacks {want:?}:\n{exec}");
    }
    for want in [
        "Requires=devhome-volume.service",
        "After=devhome-volume.service",
        "CPUQuota=200%",
        "MemoryMax=4G",
        "TasksMax=4096",
        "Restart=on-failure",
        "WantedBy=default.target",
    ] {
        assert!(
            dev.lines().any(|l| l == want),
            "dev.service lacks {want}:\n{dev}"
        );
    }
    // The parser must give the file as quadlet would write it: the dry-run separator's
    // extra newline removed, the text ending in exactly one newline.
    assert!(dev.ends_with("WantedBy=default.target\n"), "{dev:?}");
    let vol = &out.units["devhome-volume.service"];
    assert!(
        vol.contains("ExecStart=/bin/true volume create --ignore devhome\n"),
        "{vol}"
    );

    let Some(problems) = support::systemd_verify(&out.units) else {
        return;
    };
    assert!(
        problems.is_empty(),
        "systemd-analyze verify found problems in quadlet's units:\n{}",
        problems.join("\n")
    );
}

#[test]
fn cpuquota_under_container_makes_quadlet_fail() {
    let dir = tempdir();
    write(
        dir.path(),
        "bad.container",
        "[Container]\nImage=docker.io/library/debian:bookworm\nCPUQuota=200%\n",
    );
    let Some(out) = support::quadlet_dryrun_user(dir.path()) else {
        return;
    };
    assert!(!out.success, "quadlet accepted CPUQuota= in [Container]");
    assert!(
        out.stderr
            .contains("unsupported key 'CPUQuota' in group 'Container'"),
        "unexpected quadlet stderr:\n{}",
        out.stderr
    );
    assert!(!out.units.contains_key("bad.service"), "{:?}", out.units);
}

#[test]
fn quadlet_on_a_missing_directory_is_a_failure() {
    let dir = tempdir();
    let Some(out) = support::quadlet_dryrun_user(&dir.path().join("nope")) else {
        return;
    };
    assert!(!out.success);
    assert!(out.units.is_empty());
}

#[test]
fn quadlet_dryrun_parser_splits_units() {
    let stdout = "---a.service---\n[Unit]\nX=1\n\n[Service]\nExecStart=/bin/true\n\n\
                  ---/out/b-volume.service---\n[Service]\nType=oneshot\n\n";
    let parsed = support::parse_quadlet_dryrun(stdout).expect("parse");
    assert_eq!(
        parsed,
        units(&[
            (
                "a.service",
                "[Unit]\nX=1\n\n[Service]\nExecStart=/bin/true\n"
            ),
            ("b-volume.service", "[Service]\nType=oneshot\n"),
        ])
    );
    assert!(support::parse_quadlet_dryrun("garbage\n---a.service---\n").is_err());
    assert!(support::parse_quadlet_dryrun("---a.service---\nA=1\n\n---a.service---\n").is_err());
    assert_eq!(
        support::parse_quadlet_dryrun("").expect("empty"),
        BTreeMap::new()
    );
}

#[test]
fn valid_user_timer_and_service_have_no_problems() {
    let set = units(&[
        (
            "backup.service",
            "[Unit]\nDescription=Backup\nConditionUser=alice\nRequiresMountsFor=%h/data %t\n\n\
             [Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo 100%% done in $${HOME}'\n\
             WorkingDirectory=%h\n",
        ),
        (
            "backup.timer",
            "[Unit]\nDescription=Nightly backup\n\n[Timer]\nOnCalendar=*-*-* 03:00:00\n\
             RandomizedDelaySec=1h\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n",
        ),
    ]);
    let Some(problems) = support::systemd_verify(&set) else {
        return;
    };
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each case: a unit set, and a fragment that a problem line must contain.
#[test]
fn systemd_verify_reports_real_problems() {
    let svc = |extra: &str| format!("[Service]\nExecStart=/bin/true\n{extra}");
    let cases: Vec<(&str, BTreeMap<String, String>, &str)> = vec![
        (
            "unknown [Service] key",
            units(&[("x.service", &svc("Bogus=1\n"))]),
            "x.service:3: Unknown key 'Bogus' in section [Service]",
        ),
        (
            "unknown section",
            units(&[("x.service", "[Frob]\nA=b\n[Service]\nExecStart=/bin/true\n")]),
            "x.service:1: Unknown section 'Frob'",
        ),
        (
            "[Container] key in a plain unit",
            units(&[("x.service", &svc("[Container]\nImage=foo\n"))]),
            "Unknown section 'Container'",
        ),
        (
            "invalid value",
            units(&[("x.service", &svc("CPUQuota=lots\n"))]),
            "x.service:3: Invalid CPU quota 'lots'",
        ),
        (
            "invalid restart value",
            units(&[("x.service", &svc("Restart=sometimes\n"))]),
            "Failed to parse service restart specifier",
        ),
        (
            "line without =",
            units(&[("x.service", &svc("oops\n"))]),
            "x.service:3: Missing '='",
        ),
        (
            "deprecated MemoryLimit=",
            units(&[("x.service", &svc("MemoryLimit=4G\n"))]),
            "please use MemoryMax=",
        ),
        (
            "missing executable",
            units(&[(
                "x.service",
                "[Service]\nExecStart=/nonexistent/podman run x\n",
            )]),
            "Command /nonexistent/podman is not executable",
        ),
        (
            "bad specifier",
            units(&[("x.service", "[Service]\nExecStart=/bin/echo %Q\n")]),
            "Failed to resolve unit specifiers",
        ),
        (
            "no ExecStart",
            units(&[("x.service", "[Service]\nType=simple\n")]),
            "Service has no ExecStart=",
        ),
        (
            "Requires= of a missing unit",
            units(&[(
                "x.service",
                "[Unit]\nRequires=missing-volume.service\n[Service]\nExecStart=/bin/true\n",
            )]),
            "Unit missing-volume.service not found",
        ),
        (
            "bad OnCalendar",
            units(&[
                ("t.timer", "[Timer]\nOnCalendar=not a calendar\n"),
                (
                    "t.service",
                    "[Service]\nType=oneshot\nExecStart=/bin/true\n",
                ),
            ]),
            "t.timer:2: Failed to parse calendar specification",
        ),
        (
            "timer triggering a missing unit",
            units(&[("t.timer", "[Timer]\nOnCalendar=daily\nUnit=gone.service\n")]),
            "Unit gone.service not found",
        ),
        (
            "unknown [Timer] key",
            units(&[
                (
                    "t.timer",
                    "[Timer]\nOnCalendar=daily\nRandomizedOffsetSec=5m\n",
                ),
                (
                    "t.service",
                    "[Service]\nType=oneshot\nExecStart=/bin/true\n",
                ),
            ]),
            "t.timer:3: Unknown key 'RandomizedOffsetSec' in section [Timer]",
        ),
    ];
    for (what, set, want) in cases {
        let Some(problems) = support::systemd_verify(&set) else {
            return;
        };
        assert!(
            problems.iter().any(|p| p.contains(want)),
            "{what}: expected a problem containing {want:?}, got:\n{}",
            problems.join("\n")
        );
        assert!(
            problems.iter().all(|p| !p.contains("/units/")),
            "{what}: temp dir not stripped: {problems:?}"
        );
    }
}

#[test]
fn verify_filter_drops_only_host_unit_noise() {
    let dir = Path::new("/tmp/.tmpABC/units");
    let ours: BTreeSet<String> = ["dev.service".to_string()].into();
    let output = "\
/tmp/.tmpABC/units/dev.service:3: Unknown key 'Bogus' in section [Service], ignoring.
/usr/lib/systemd/user/gpg-agent.service:9: Unknown key 'Frob' in section [Service], ignoring.
gpg-agent.service: Command /usr/bin/gpg-agent is not executable: No such file or directory
Unit gpg-agent.service has a bad unit file setting.
default.target: Found ordering cycle on dev.service/start

dev.service: Command podman is not executable: No such file or directory
Failed to initialize manager: No such device or address
";
    let kept = support::verify_problem_lines(output, dir, &ours);
    assert_eq!(
        kept,
        [
            "dev.service:3: Unknown key 'Bogus' in section [Service], ignoring.",
            "default.target: Found ordering cycle on dev.service/start",
            "dev.service: Command podman is not executable: No such file or directory",
            "Failed to initialize manager: No such device or address",
        ]
    );
    // A host unit whose name merely contains ours is still host noise.
    let kept =
        support::verify_problem_lines("xdev.service: Command /x is not executable\n", dir, &ours);
    assert!(kept.is_empty(), "{kept:?}");
}

// ---------------------------------------------------------------------------------------
// shell
// ---------------------------------------------------------------------------------------

#[test]
fn shellcheck_catches_unquoted_dollar_1() {
    let dir = tempdir();
    let good = write(
        dir.path(),
        "good.sh",
        "#!/usr/bin/env bash\nset -euo pipefail\nrm -rf -- \"$1\"\n",
    );
    let bad = write(dir.path(), "bad.sh", "#!/usr/bin/env bash\nrm -rf $1\n");
    let Some(good) = support::shellcheck(&good) else {
        return;
    };
    assert_eq!(good, Ok(()));
    let Some(bad) = support::shellcheck(&bad) else {
        return;
    };
    let err = bad.expect_err("shellcheck accepted an unquoted $1");
    assert!(err.contains("SC2086"), "{err}");
}

#[test]
fn bash_n_rejects_syntax_errors() {
    let dir = tempdir();
    let good = write(
        dir.path(),
        "good.sh",
        "#!/bin/bash\nif true; then echo ok; fi\n",
    );
    let bad = write(dir.path(), "bad.sh", "#!/bin/bash\nif true; then echo ok\n");
    let Some(good) = support::bash_n(&good) else {
        return;
    };
    assert_eq!(good, Ok(()));
    let Some(bad) = support::bash_n(&bad) else {
        return;
    };
    let err = bad.expect_err("bash -n accepted an unterminated if");
    assert!(err.contains("syntax error"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Nix
// ---------------------------------------------------------------------------------------

#[test]
fn nix_parse_rejects_missing_value() {
    let dir = tempdir();
    let good = write(dir.path(), "good.nix", "{ a = 1; b = \"x\"; }\n");
    let bad = write(dir.path(), "bad.nix", "{ a = ; }\n");
    let Some(good) = support::nix_parse(&good) else {
        return;
    };
    assert_eq!(good, Ok(()));
    let Some(bad) = support::nix_parse(&bad) else {
        return;
    };
    let err = bad.expect_err("nix-instantiate --parse accepted `{ a = ; }`");
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn nix_eval_json_evaluates_strictly() {
    let Some(v) = support::nix_eval_json(NixInput::Expr("{ a = 1 + 1; }"), &[]) else {
        return;
    };
    assert_eq!(v, Ok(json!({"a": 2})));

    // Nested values need --strict (without it 2.8 prints `{"a":` and fails).
    let v = support::nix_eval_json(NixInput::Expr("{ a = { b = [ (1 + 1) ]; }; }"), &[]);
    assert_eq!(v, Some(Ok(json!({"a": {"b": [2]}}))));
}

#[test]
fn nix_eval_json_calls_a_file_function_with_args() {
    let dir = tempdir();
    let file = write(
        dir.path(),
        "f.nix",
        "{ x, pkgs }: { y = x * 2; n = pkgs.name; }\n",
    );
    let v = support::nix_eval_json(
        NixInput::File(&file),
        &[("x", "21"), ("pkgs", "{ name = \"stub\"; }")],
    );
    let Some(v) = v else { return };
    assert_eq!(v, Ok(json!({"y": 42, "n": "stub"})));
}

#[test]
fn nix_eval_json_reports_errors_and_is_hermetic() {
    let Some(v) = support::nix_eval_json(NixInput::Expr("throw \"boom\""), &[]) else {
        return;
    };
    let err = v.expect_err("throw must fail");
    assert!(err.contains("boom"), "{err}");

    let v = support::nix_eval_json(NixInput::Expr("<nixpkgs>"), &[]);
    assert!(matches!(v, Some(Err(_))), "NIX_PATH leaked in: {v:?}");

    let v = support::nix_eval_json(
        NixInput::Expr("[ (builtins.getEnv \"PATH\") (builtins.getEnv \"HOME\") ]"),
        &[],
    );
    assert_eq!(v, Some(Ok(json!(["", ""]))), "environment leaked into Nix");
}

// ---------------------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------------------

#[test]
fn toml_parse_reads_valid_and_rejects_invalid() {
    let dir = tempdir();
    let good = write(
        dir.path(),
        "good.toml",
        "a = 1\n[b]\nc = \"x\"\nd = [\"alt-h\", \"alt-j\"]\n",
    );
    let bad = write(dir.path(), "bad.toml", "a = \n");
    let dup = write(dir.path(), "dup.toml", "a = 1\na = 2\n");
    let Some(good) = support::toml_parse(&good) else {
        return;
    };
    assert_eq!(
        good,
        Ok(json!({"a": 1, "b": {"c": "x", "d": ["alt-h", "alt-j"]}}))
    );
    for bad in [bad, dup] {
        let r = support::toml_parse(&bad);
        assert!(matches!(r, Some(Err(_))), "{}: {r:?}", bad.display());
    }
}
