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
    for f in ["users.nix", "containers.nix", "keys/coal.pub"] {
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

// Hardening: a hostile or careless tree under --out cannot turn the writer
// against its user. Each test is a reproducer of a way the writer once did.

use std::os::unix::fs::symlink;

fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Rewrites the manifest's `files` with `f`.
fn edit_manifest(out: &Path, f: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) {
    let path = out.join(".devbox-gen.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("manifest")).expect("json");
    f(m["files"].as_object_mut().expect("files"));
    fs::write(&path, serde_json::to_vec_pretty(&m).expect("json")).expect("write manifest");
}

#[test]
fn a_directory_replaced_by_a_symlink_is_not_written_through() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    // The user's own directory, and `quadlet` (git can commit a symlink) pointing at it.
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).expect("mkdir");
    fs::write(mine.join("coal-rust.container"), "my own file\n").expect("victim");
    let quadlet = out.join("users/coal/quadlet");
    fs::remove_dir_all(&quadlet).expect("rm");
    symlink(&mine, &quadlet).expect("symlink");
    let before = snapshot(&mine);

    let o = render(&example(), &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("users/coal/quadlet") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(snapshot(&mine), before, "nothing written outside --out");
    let o = render(&example(), &out, &["--check"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("symbolic link"), "{}", stderr_of(&o));
}

#[test]
fn a_file_replaced_by_a_symlink_is_refused_by_name() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let victim = tmp.path().join("victim");
    fs::write(&victim, "my own file\n").expect("victim");
    let unit = out.join("users/coal/quadlet/coal-rust.container");
    fs::remove_file(&unit).expect("rm");
    symlink(&victim, &unit).expect("symlink");

    let o = render(&example(), &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("users/coal/quadlet/coal-rust.container") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&victim).expect("victim"),
        "my own file\n"
    );
    assert!(fs::symlink_metadata(&unit).expect("link").is_symlink());
}

#[test]
fn prune_does_not_follow_a_symlink_out_of_out() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).expect("mkdir");
    fs::write(mine.join("victim"), "keep me\n").expect("victim");
    symlink(&mine, out.join("link")).expect("symlink");
    // The digest is right: only the symlink stands between prune and the file.
    let digest = sha256(b"keep me\n");
    edit_manifest(&out, |files| {
        files.insert("link/victim".into(), digest.into());
    });

    let o = render(&example(), &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("link"), "{}", stderr_of(&o));
    assert_eq!(
        fs::read_to_string(mine.join("victim")).expect("kept"),
        "keep me\n"
    );
}

/// The staging name a render with this pid once used, planted as a symlink
/// to a file of the user's: the writer replaced that file's contents and mode.
#[test]
fn a_planted_staging_symlink_is_not_followed() {
    use devbox_gen::emit::{self, FileMode, OutputTree, TreePath};
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    fs::create_dir(&out).expect("out");
    let victim = tmp.path().join("victim");
    fs::write(&victim, "precious\n").expect("victim");
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).expect("chmod");
    for name in ["unit", ".devbox-gen.json"] {
        let staged = format!(".{name}.devbox-gen-{}.tmp", std::process::id());
        symlink(&victim, out.join(staged)).expect("plant");
    }
    let tree = OutputTree::new(BTreeMap::from([(
        TreePath::from("unit"),
        ("generated\n".to_owned(), FileMode::Executable),
    )]));
    let utf8 = camino::Utf8Path::from_path(&out).expect("utf8");
    emit::write(&tree, utf8).expect("write");
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n");
    let bits = fs::metadata(&victim).expect("meta").permissions().mode() & 0o777;
    assert_eq!(bits, 0o600);
    assert_eq!(
        fs::read_to_string(out.join("unit")).expect("unit"),
        "generated\n"
    );
}

#[test]
fn prune_keeps_a_generated_file_edited_by_hand_and_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = spec_copy(tmp.path());
    let out = tmp.path().join("out");
    assert!(render(&spec, &out, &[]).status.success());
    let notes = out.join("users/coal/quadlet/coal-notes.container");
    let mut edited = fs::read_to_string(&notes).expect("notes");
    edited.push_str("# my change\n");
    fs::write(&notes, &edited).expect("edit");

    let containers = spec.join("containers.nix");
    let text = fs::read_to_string(&containers).expect("read");
    let start = text.find("    coal-notes = {").expect("coal-notes");
    let end = start + text[start..].find("\n    };\n").expect("end") + "\n    };\n".len();
    fs::write(&containers, format!("{}{}", &text[..start], &text[end..])).expect("write");

    let o = render(&spec, &out, &[]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(fs::read_to_string(&notes).expect("kept"), edited);
    assert!(
        stderr_of(&o).contains("kept users/coal/quadlet/coal-notes.container"),
        "{}",
        stderr_of(&o)
    );
    assert!(
        stdout_of(&o).contains("1 removed"),
        "the unedited volume file goes: {}",
        stdout_of(&o)
    );
    assert!(
        !out.join("users/coal/quadlet/coal-notes-home.volume")
            .exists()
    );
    // From now on the file is the user's: kept, not listed, not reported.
    let o = render(&spec, &out, &["--check"]);
    assert!(o.status.success(), "{}", stdout_of(&o));
}

#[test]
fn prune_keeps_a_file_the_manifest_names_with_a_made_up_digest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    fs::write(out.join("README.md"), "the user's readme\n").expect("readme");
    edit_manifest(&out, |files| {
        files.insert("README.md".into(), "0".repeat(64).into());
    });
    let o = render(&example(), &out, &[]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(
        fs::read_to_string(out.join("README.md")).expect("kept"),
        "the user's readme\n"
    );
    assert!(
        stderr_of(&o).contains("kept README.md"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_manifest_that_lists_itself_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let digest = sha256(&fs::read(out.join(".devbox-gen.json")).expect("manifest"));
    edit_manifest(&out, |files| {
        files.insert(".devbox-gen.json".into(), digest.into());
    });
    let before = snapshot(&out);
    let o = render(&example(), &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains(".devbox-gen.json"),
        "{}",
        stderr_of(&o)
    );
    assert_eq!(snapshot(&out), before, "nothing written, nothing removed");
}

#[test]
fn check_reports_a_missing_or_altered_manifest_as_stale() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let manifest = out.join(".devbox-gen.json");
    let original = fs::read(&manifest).expect("manifest");

    edit_manifest(&out, |files| {
        let first = files.values_mut().next().expect("an entry");
        *first = "0".repeat(64).into();
    });
    let o = render(&example(), &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout_of(&o));
    assert!(
        stdout_of(&o).contains("a/.devbox-gen.json"),
        "{}",
        stdout_of(&o)
    );

    fs::remove_file(&manifest).expect("rm");
    let o = render(&example(), &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout_of(&o));
    assert!(
        stdout_of(&o).contains("missing: .devbox-gen.json"),
        "{}",
        stdout_of(&o)
    );
    fs::write(&manifest, original).expect("restore");
    assert!(render(&example(), &out, &["--check"]).status.success());
}

#[test]
fn leftover_staging_files_are_listed_by_check_and_removed_by_render() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    assert!(render(&example(), &out, &[]).status.success());
    let before = snapshot(&out);
    // What a render killed between staging and renaming leaves behind.
    let leftovers = [
        out.join(".devbox-gen.json.devbox-gen-4242.tmp"),
        out.join("users/coal/quadlet/.coal-rust.container.devbox-gen-4242.tmp"),
        out.join("users/coal/quadlet/.coal-rust.container.Ab3dE9.devbox-gen.tmp"),
    ];
    for l in &leftovers {
        fs::write(l, "half").expect("leftover");
    }
    let o = render(&example(), &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout_of(&o));
    for rel in [
        "leftover: .devbox-gen.json.devbox-gen-4242.tmp",
        "leftover: users/coal/quadlet/.coal-rust.container.devbox-gen-4242.tmp",
        "leftover: users/coal/quadlet/.coal-rust.container.Ab3dE9.devbox-gen.tmp",
    ] {
        assert!(stdout_of(&o).contains(rel), "{rel}: {}", stdout_of(&o));
    }
    let o = render(&example(), &out, &[]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(
        snapshot(&out),
        before,
        "leftovers removed, nothing else changed"
    );
    assert!(render(&example(), &out, &["--check"]).status.success());
}

#[test]
fn a_failed_first_render_removes_the_directories_it_created() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec {} render {} --out {}",
        env!("CARGO_BIN_EXE_devbox-gen"),
        example().display(),
        out.display()
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash");
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    assert!(!out.exists(), "no directory left behind");

    // Into an existing directory: the directory stays, what the render made goes.
    fs::create_dir(&out).expect("out");
    fs::write(out.join("mine"), "x").expect("mine");
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec {} render {} --out {}",
        env!("CARGO_BIN_EXE_devbox-gen"),
        example().display(),
        out.display()
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash");
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    let left: Vec<_> = fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["mine"]);
}

/// `--out` itself may be a symlink: it is resolved first, and the tree goes
/// into the directory it names.
#[test]
fn an_out_dir_that_is_a_symlink_is_written_where_it_points() {
    let tmp = tempfile::tempdir().expect("tmp");
    let real = tmp.path().join("real");
    fs::create_dir(&real).expect("mkdir");
    let link = tmp.path().join("link");
    symlink(&real, &link).expect("symlink");
    let o = render(&example(), &link, &[]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        real.join("users/coal/quadlet/coal-rust.container")
            .is_file()
    );
    assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
    assert!(render(&example(), &link, &["--check"]).status.success());
}
