//! docs/ci/github-actions.yml, the CI recipe for users, as far as it runs off GitHub:
//!
//! - it is YAML (parsed with PyYAML, from the Python that runs `pre-commit`) with the
//!   jobs, triggers and steps the docs describe;
//! - every `run:` script passes `shellcheck` (as bash, which GitHub runs them with);
//! - the check step, the same in both jobs, run with bash against a scratch repository
//!   and the binary under test: a fresh tree passes silently; a stale one fails with the
//!   diff in the log, the diff in the job summary and `::error file=…` annotations.
//!
//! `pre-commit`, `shellcheck`, `bash` and `jq` are required in CI and skip loudly locally.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn recipe() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml")
}

/// The workflow as JSON, parsed by PyYAML from the interpreter `pre-commit` runs on
/// (pre-commit depends on PyYAML, so it is there wherever pre-commit is).
fn workflow() -> Option<Value> {
    let pre_commit = support::tool("pre-commit")?;
    let script = std::fs::read_to_string(&pre_commit).expect("read pre-commit");
    let python = script
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("{} has no #! line", pre_commit.display()));
    // `on:` is YAML 1.1's boolean true for PyYAML; GitHub reads it as the key "on".
    const SCRIPT: &str = "import json, sys, yaml\n\
        d = yaml.safe_load(open(sys.argv[1]))\n\
        if True in d: d['on'] = d.pop(True)\n\
        json.dump(d, sys.stdout)\n";
    let mut cmd = Command::new(python.split_whitespace().next().expect("interpreter"));
    cmd.args(python.split_whitespace().skip(1))
        .args(["-c", SCRIPT])
        .arg(recipe());
    let out = cmd.output().expect("run python");
    assert!(
        out.status.success(),
        "docs/ci/github-actions.yml is not YAML:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("json"))
}

fn steps(w: &Value, job: &str) -> Vec<Value> {
    w["jobs"][job]["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("job {job} has no steps"))
        .clone()
}

fn check_step(w: &Value, job: &str) -> String {
    steps(w, job)
        .iter()
        .find(|s| s["name"] == "devbox-gen render --check")
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("job {job} has no `devbox-gen render --check` step"))
        .to_string()
}

#[test]
fn the_recipe_has_both_jobs_with_the_same_check() {
    let Some(w) = workflow() else { return };
    assert!(
        w["on"].get("pull_request").is_some(),
        "runs on pull requests"
    );
    assert_eq!(w["permissions"]["contents"], "read");
    assert_eq!(w["env"]["SPEC"], "spec");
    assert_eq!(w["env"]["OUT"], "generated");
    let jobs: Vec<&String> = w["jobs"].as_object().expect("jobs").keys().collect();
    assert_eq!(jobs, ["cargo", "nix"]);
    for job in ["nix", "cargo"] {
        let steps = steps(&w, job);
        assert_eq!(steps[0]["uses"], "actions/checkout@v4", "{job}");
        assert!(w["jobs"][job]["runs-on"].is_string());
    }
    assert_eq!(
        check_step(&w, "nix"),
        check_step(&w, "cargo"),
        "both jobs run the same check"
    );
    let all = std::fs::read_to_string(recipe()).expect("read");
    for needle in [
        "nix run github:OWNER/devbox-gen -- render spec --out generated --check",
        "\"github:OWNER/devbox-gen/$DEVBOX_GEN_REV\"",
        "cargo install --locked",
    ] {
        assert!(all.contains(needle), "the recipe lacks {needle:?}");
    }
}

#[test]
fn every_run_script_passes_shellcheck() {
    let Some(w) = workflow() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let mut n = 0;
    for (job, spec) in w["jobs"].as_object().expect("jobs") {
        for (i, step) in spec["steps"].as_array().expect("steps").iter().enumerate() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            // GitHub runs `run:` with `bash -e {0}` on Linux runners.
            let file = tmp.path().join(format!("{job}-{i}.sh"));
            std::fs::write(&file, format!("#!/usr/bin/env bash\nset -e\n{run}")).expect("write");
            let Some(result) = support::shellcheck(&file) else {
                return;
            };
            if let Err(e) = result {
                panic!("jobs.{job}.steps[{i}].run:\n{run}\n{e}");
            }
            n += 1;
        }
    }
    assert!(n >= 4, "found only {n} run scripts");
}

const USERS: &str = "{ users.users.alice = { uid = 1001; devbox.containers.enable = true; }; }\n";
const CONTAINERS: &str = "{ images.base.packages = [ \"git\" ]; containers.alice-dev.owner = \"alice\"; containers.alice-dev.resources.memory = \"MEM\"; }\n";

/// Runs the check step as GitHub would: bash -e, in the checkout, with RUNNER_TEMP and
/// GITHUB_STEP_SUMMARY set, devbox-gen and jq on PATH. Returns (exit code, log, summary).
fn run_check_step(script: &str, checkout: &Path, scratch: &Path) -> (i32, String, String) {
    let bash = support::tool("bash").expect("checked by caller");
    let runner_temp = scratch.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).expect("mkdir");
    let summary = scratch.join("summary.md");
    std::fs::write(&summary, "").expect("write");
    let bin = Path::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let out = Command::new(bash)
        .args(["-e", "-c", script])
        .current_dir(checkout)
        .env("PATH", path)
        .env("SPEC", "spec")
        .env("OUT", "generated")
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run bash");
    (
        out.status.code().expect("exit code"),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        std::fs::read_to_string(&summary).expect("summary"),
    )
}

#[test]
fn the_check_step_passes_a_fresh_tree_and_fails_a_stale_one_with_the_diff() {
    let Some(w) = workflow() else { return };
    if support::tool("bash").is_none() || support::tool("jq").is_none() {
        return;
    }
    let script = check_step(&w, "nix");
    let tmp = tempfile::tempdir().expect("tmp");
    let checkout = tmp.path().join("checkout");
    let spec = checkout.join("spec");
    std::fs::create_dir_all(&spec).expect("mkdir");
    std::fs::write(spec.join("users.nix"), USERS).expect("write");
    std::fs::write(spec.join("containers.nix"), CONTAINERS.replace("MEM", "4G")).expect("write");
    let render = Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .args(["render", "spec", "--out", "generated"])
        .current_dir(&checkout)
        .output()
        .expect("render");
    assert!(
        render.status.success(),
        "{}",
        String::from_utf8_lossy(&render.stderr)
    );

    let (code, log, summary) = run_check_step(&script, &checkout, tmp.path());
    assert_eq!(code, 0, "a fresh tree passes:\n{log}");
    assert_eq!(log, "", "and says nothing");
    assert_eq!(summary, "");

    // The pull request changes the spec and forgets to re-render; it also drops a file
    // devbox-gen generated (missing).
    std::fs::write(spec.join("containers.nix"), CONTAINERS.replace("MEM", "6G")).expect("write");
    std::fs::remove_file(checkout.join("generated/users/alice/quadlet/alice-dev-home.volume"))
        .expect("rm");
    let (code, log, summary) = run_check_step(&script, &checkout, tmp.path());
    assert_eq!(code, 1, "a stale tree fails the job:\n{log}");
    for needle in [
        "--- a/users/alice/quadlet/alice-dev.container",
        "-MemoryMax=4G",
        "+MemoryMax=6G",
        "missing: users/alice/quadlet/alice-dev-home.volume",
        "::error file=generated/users/alice/quadlet/alice-dev.container,title=devbox-gen::stale",
        "::error title=devbox-gen::missing: generated/users/alice/quadlet/alice-dev-home.volume",
    ] {
        assert!(log.contains(needle), "the log lacks {needle:?}:\n{log}");
    }
    for needle in [
        "### `generated/` is stale",
        "Run `devbox-gen render spec --out generated` and commit the result.",
        "```diff\n--- a/users/alice/quadlet/alice-dev.container",
        "+MemoryMax=6G",
    ] {
        assert!(
            summary.contains(needle),
            "the summary lacks {needle:?}:\n{summary}"
        );
    }
}
