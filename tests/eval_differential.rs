//! Differential test of the evaluator against real Nix (2.8, Debian's nix-bin).
//!
//! * `tests/nix/ok/*.nix`: `devbox-gen eval FILE --json` and
//!   `nix-instantiate --eval --strict --json FILE` must print the same JSON, up to
//!   what Nix 2.8 prints differently (floats with 6 significant digits, so ints and
//!   floats are indistinguishable there). `gen_*.nix` come from
//!   `scripts/gen-nix-corpus.py`.
//! * `tests/nix/refuse/*.nix`: devbox-gen exits 2; its diagnostics are snapshots,
//!   and every diagnostic has a label. The first line says what Nix does with the
//!   file (`# nix: rejects`, `# nix: accepts`, `# nix: skip (why)`); "rejects" and
//!   "accepts" are checked against nix-instantiate.
//!
//! Without nix-instantiate the Nix half is skipped loudly (and fails when `CI` is set).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

use camino::Utf8PathBuf;
use devbox_gen::diagnostics::render_text;
use devbox_gen::eval::Evaluator;
use devbox_gen::source::SourceMap;

fn corpus(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/nix")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "nix"))
        .collect();
    files.sort();
    files
}

fn nix_instantiate() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("nix-instantiate"))
        .find(|p| p.is_file())
}

/// True when Nix is present; otherwise says so (and fails under CI).
#[allow(clippy::print_stderr)] // the loud SKIPPED line
fn have_nix() -> bool {
    if nix_instantiate().is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "nix-instantiate not found, and CI is set: the differential test cannot be skipped"
    );
    eprintln!("SKIPPED: nix-instantiate not found; the comparison with real Nix did not run");
    false
}

fn run_nix(file: &Path) -> Output {
    Command::new("env")
        .arg("-i")
        .arg(format!(
            "PATH={}",
            std::env::var("PATH").unwrap_or_default()
        ))
        .args(["HOME=/nonexistent", "NIX_PATH="])
        .args([
            "nix-instantiate",
            "--store",
            "dummy://",
            "--eval",
            "--strict",
            "--json",
        ])
        .arg(file)
        .output()
        .expect("run nix-instantiate")
}

fn run_ours(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .arg("eval")
        .arg(file)
        .arg("--json")
        .output()
        .expect("run devbox-gen")
}

/// Nix 2.8 prints floats with 6 significant digits (`%g`), and then an integral
/// float looks like an int: compare every number at that precision.
fn normalise(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let rounded: f64 = format!("{x:.5e}").parse().unwrap_or(x);
            serde_json::json!(rounded)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

fn parse_json(out: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_slice(out)
        .map_err(|e| format!("invalid JSON ({e}): {}", String::from_utf8_lossy(out)))
}

#[test]
fn ok_corpus_matches_nix() {
    let files = corpus("ok");
    assert!(
        files.len() >= 160,
        "the ok corpus shrank to {} files",
        files.len()
    );
    let nix = have_nix();
    let mut failures = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ours = run_ours(file);
        if !ours.status.success() {
            failures.push(format!(
                "{name}: devbox-gen failed ({}):\n{}",
                ours.status,
                String::from_utf8_lossy(&ours.stderr)
            ));
            continue;
        }
        let ours = match parse_json(&ours.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: devbox-gen printed {e}"));
                continue;
            }
        };
        if !nix {
            continue;
        }
        let theirs = run_nix(file);
        if !theirs.status.success() {
            failures.push(format!(
                "{name}: nix-instantiate failed:\n{}",
                String::from_utf8_lossy(&theirs.stderr)
            ));
            continue;
        }
        match parse_json(&theirs.stdout) {
            Ok(theirs) if normalise(theirs.clone()) == normalise(ours.clone()) => {}
            Ok(theirs) => failures.push(format!(
                "{name}: values differ\n  devbox-gen: {ours}\n  nix:        {theirs}"
            )),
            Err(e) => failures.push(format!("{name}: nix-instantiate printed {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// What the first line of a refuse case says about real Nix.
fn nix_verdict(bytes: &[u8]) -> &'static str {
    let text = String::from_utf8_lossy(bytes);
    if text.contains("# nix: rejects") {
        "rejects"
    } else if text.contains("# nix: accepts") {
        "accepts"
    } else {
        "skip"
    }
}

/// Diagnostics of evaluating a refuse case as a spec file (so `{ pkgs, ... }:`
/// files get opaque arguments), rendered without colour, machine paths redacted.
fn refuse_report(file: &Path) -> (String, usize, usize) {
    let file = Utf8PathBuf::from_path_buf(file.to_owned()).expect("UTF-8 path");
    // Deep recursion needs a bigger stack than the test harness gives a thread.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let sources = Rc::new(SourceMap::new());
            let dir = file.parent().expect("parent").to_owned();
            let ev = Evaluator::new(Rc::clone(&sources), dir);
            let err = match ev.eval_spec_file(&file).and_then(|v| ev.to_json(&v)) {
                Ok(v) => panic!("{file} evaluated to {v} but is in the refuse corpus"),
                Err(e) => e,
            };
            let unlabelled = err
                .diagnostics
                .iter()
                .filter(|d| d.labels.is_empty())
                .count();
            let text = render_text(&err.diagnostics, &sources, false);
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nix");
            let text = text.replace(&*root.to_string_lossy(), "[TESTS]/nix");
            (text, err.diagnostics.len(), unlabelled)
        })
        .expect("spawn")
        .join()
        .expect("evaluation thread panicked")
}

#[test]
fn refuse_corpus() {
    assert!(corpus("refuse").len() >= 30, "the refuse corpus shrank");
    let nix = have_nix();
    insta::glob!("nix/refuse/*.nix", |path| {
        let (report, count, unlabelled) = refuse_report(path);
        assert!(count > 0, "{}: no diagnostics", path.display());
        assert_eq!(
            unlabelled,
            0,
            "{}: a diagnostic without a label:\n{report}",
            path.display()
        );

        let ours = run_ours(path);
        assert_eq!(
            ours.status.code(),
            Some(2),
            "{}: devbox-gen should exit 2; stderr:\n{}",
            path.display(),
            String::from_utf8_lossy(&ours.stderr)
        );

        let bytes = std::fs::read(path).expect("read case");
        let verdict = nix_verdict(&bytes);
        if nix && verdict != "skip" {
            let theirs = run_nix(path);
            assert_eq!(
                theirs.status.success(),
                verdict == "accepts",
                "{}: the case says Nix {verdict} it, but nix-instantiate {}:\n{}",
                path.display(),
                if theirs.status.success() {
                    "accepted it"
                } else {
                    "rejected it"
                },
                String::from_utf8_lossy(&theirs.stderr)
            );
        }
        insta::with_settings!({ omit_expression => true, description => format!("nix: {verdict}") }, {
            insta::assert_snapshot!(report);
        });
    });
}

/// Issue 17: a file that is a symlink is evaluated where its target lives, as
/// Nix's `resolveExprPath` does: `./x` inside it is the target's neighbour.
#[test]
fn a_symlinked_file_resolves_paths_from_its_target() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    std::fs::create_dir_all(root.join("shared/keys")).expect("mkdir");
    std::fs::write(
        root.join("shared/users.nix"),
        "{ imported = import ./other.nix; read = builtins.readFile ./keys/a.pub; }\n",
    )
    .expect("write");
    std::fs::write(root.join("shared/other.nix"), "\"from shared\"\n").expect("write");
    std::fs::write(root.join("shared/keys/a.pub"), "ssh-ed25519 AAAA\n").expect("write");
    // Decoys beside the link: resolving relative to the link would find these.
    std::fs::write(root.join("other.nix"), "\"from the link's dir\"\n").expect("write");
    std::os::unix::fs::symlink("shared/users.nix", root.join("link.nix")).expect("symlink");
    // A chain: link2 -> link.nix -> shared/users.nix.
    std::os::unix::fs::symlink("link.nix", root.join("link2.nix")).expect("symlink");
    for file in ["link.nix", "link2.nix"] {
        let path = root.join(file);
        let ours = run_ours(&path);
        assert!(
            ours.status.success(),
            "{}",
            String::from_utf8_lossy(&ours.stderr)
        );
        let ours = parse_json(&ours.stdout).expect("our JSON");
        assert_eq!(
            ours,
            serde_json::json!({ "imported": "from shared", "read": "ssh-ed25519 AAAA\n" }),
            "{file}"
        );
        if have_nix() {
            let nix = run_nix(&path);
            assert!(
                nix.status.success(),
                "{}",
                String::from_utf8_lossy(&nix.stderr)
            );
            assert_eq!(parse_json(&nix.stdout).expect("nix JSON"), ours, "{file}");
        }
    }
}
