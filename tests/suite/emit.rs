//! The emit engine through the real binary: manifest, idempotence, pruning,
//! refusing to clobber, all-or-nothing writes, concurrent renders.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team")
}

fn render(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .env("NO_COLOR", "1")
        .arg("render")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run devbox-gen")
}

/// Every file under `dir`: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, acc: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, acc);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                acc.insert(rel, fs::read(&p).expect("read"));
            }
        }
    }
    let mut acc = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut acc);
    }
    acc
}

/// A copy of the example spec that a test may edit.
fn spec_copy(tmp: &Path) -> PathBuf {
    let spec = tmp.join("spec");
    fs::create_dir_all(spec.join("keys")).expect("mkdir");
    for f in ["users.nix", "containers.nix", "keys.nix", "keys/coal.pub"] {
        fs::copy(example().join(f), spec.join(f)).expect("copy");
    }
    spec
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn manifest_lists_every_file_with_its_sha256_and_modes_are_set() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join(".devbox-gen.json")).expect("manifest"))
            .expect("json");
    assert!(
        manifest["generator"]
            .as_str()
            .expect("generator")
            .starts_with("devbox-gen ")
    );
    let files = manifest["files"].as_object().expect("files");
    let on_disk = snapshot(&out);
    assert_eq!(
        files.len() + 1,
        on_disk.len(),
        "every file but the manifest is listed"
    );
    for (rel, hash) in files {
        let bytes = &on_disk[rel];
        let out = Command::new("sha256sum")
            .arg(out.join(rel))
            .output()
            .expect("sha256sum");
        let expected = String::from_utf8_lossy(&out.stdout)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            hash.as_str(),
            Some(expected.as_str()),
            "{rel} ({} bytes)",
            bytes.len()
        );
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(out.join("users/coal/quadlet/coal-rust.container"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn prunes_what_the_spec_no_longer_needs_and_keeps_user_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = spec_copy(tmp.path());
    let out = tmp.path().join("out");
    assert!(render(&spec, &out, &[]).status.success());
    fs::write(out.join("users/coal/NOTES.md"), "mine\n").expect("user file");

    // Drop the container `coal-notes`.
    let containers = spec.join("containers.nix");
    let text = fs::read_to_string(&containers).expect("read");
    let start = text.find("    coal-notes = {").expect("coal-notes");
    let end = start + text[start..].find("\n    };\n").expect("end") + "\n    };\n".len();
    fs::write(&containers, format!("{}{}", &text[..start], &text[end..])).expect("write");

    let o = render(&spec, &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1));
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(
        report.contains("extra: users/coal/quadlet/coal-notes.container"),
        "{report}"
    );

    let o = render(&spec, &out, &[]);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("2 removed"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!out.join("users/coal/quadlet/coal-notes.container").exists());
    assert!(
        !out.join("users/coal/quadlet/coal-notes-home.volume")
            .exists()
    );
    assert!(out.join("users/coal/quadlet/coal-rust.container").exists());
    assert_eq!(
        fs::read_to_string(out.join("users/coal/NOTES.md")).expect("kept"),
        "mine\n"
    );
    assert!(
        render(&spec, &out, &["--check"]).status.success(),
        "up to date after pruning"
    );
}

#[test]
fn refuses_to_overwrite_a_file_it_did_not_generate() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let theirs = out.join("users/coal/quadlet/coal-rust.container");
    fs::create_dir_all(theirs.parent().expect("parent")).expect("mkdir");
    fs::write(&theirs, "[Container]\nImage=mine\n").expect("write");
    let before = snapshot(&out);
    let o = render(&example(), &out, &[]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("did not generate") && err.contains("coal-rust.container"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "nothing written");
}

#[test]
fn an_io_failure_mid_render_leaves_the_previous_tree_exactly() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = spec_copy(tmp.path());
    let out = tmp.path().join("out");
    assert!(render(&spec, &out, &[]).status.success());
    let before = snapshot(&out);

    // Every container file changes; the small volume files do not.
    edit(
        &spec.join("containers.nix"),
        "memory = \"4G\";",
        "memory = \"6G\";",
    );
    // A 1 KiB file-size limit makes writing the ~1.5 KiB unit files fail with
    // EFBIG after other files were already staged.
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec {} render {} --out {}",
        env!("CARGO_BIN_EXE_devbox-gen"),
        spec.display(),
        out.display()
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash");
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the previous tree, byte for byte, and no temporary files"
    );

    let o = render(&spec, &out, &[]);
    assert!(o.status.success(), "a later render succeeds");
    assert_ne!(snapshot(&out), before);
}

#[test]
fn concurrent_renders_leave_one_whole_tree() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a = spec_copy(&tmp.path().join("a"));
    let b = spec_copy(&tmp.path().join("b"));
    edit(&b.join("containers.nix"), "cpus = 4;", "cpus = 3;");
    let out_a = tmp.path().join("expected-a");
    let out_b = tmp.path().join("expected-b");
    assert!(render(&a, &out_a, &[]).status.success());
    assert!(render(&b, &out_b, &[]).status.success());
    let (want_a, want_b) = (snapshot(&out_a), snapshot(&out_b));
    assert_ne!(want_a, want_b);

    let out = tmp.path().join("out");
    for round in 0..5 {
        let children: Vec<_> = (0..6)
            .map(|i| {
                Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
                    .arg("render")
                    .arg(if i % 2 == 0 { &a } else { &b })
                    .arg("--out")
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut c in children {
            assert!(c.wait().expect("wait").success(), "round {round}");
        }
        let got = snapshot(&out);
        assert!(
            got == want_a || got == want_b,
            "round {round}: a mix of two renders"
        );
    }
}
