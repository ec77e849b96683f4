//! The binary's contract: exit codes, what is written, what is printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_devbox-gen"));
    c.env("NO_COLOR", "1");
    c
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run devbox-gen")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn render_then_rerender_then_check() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("generated");
    let spec = example();
    let args = [
        "render",
        spec.to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
    ];

    let first = run(&args);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert!(
        stdout(&first).contains("written, 0 unchanged"),
        "{}",
        stdout(&first)
    );
    let unit = out.join("users/coal/quadlet/coal-rust.container");
    let mtime = fs::metadata(&unit)
        .and_then(|m| m.modified())
        .expect("mtime");

    let second = run(&args);
    assert_eq!(code(&second), 0);
    assert!(
        stdout(&second).contains(": 0 written"),
        "{}",
        stdout(&second)
    );
    assert_eq!(
        fs::metadata(&unit)
            .and_then(|m| m.modified())
            .expect("mtime"),
        mtime
    );

    let mut check_args = args.to_vec();
    check_args.push("--check");
    let clean = run(&check_args);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    assert!(
        stdout(&clean).is_empty(),
        "--check is quiet when up to date"
    );

    fs::write(&unit, "edited by hand\n").expect("edit");
    let stale = run(&check_args);
    assert_eq!(code(&stale), 1);
    let diff = stdout(&stale);
    assert!(
        diff.contains("--- a/users/coal/quadlet/coal-rust.container"),
        "{diff}"
    );
    assert!(diff.contains("-edited by hand"), "{diff}");
    assert!(diff.contains("+[Container]"), "{diff}");
    assert_eq!(
        fs::read_to_string(&unit).expect("read"),
        "edited by hand\n",
        "--check writes nothing"
    );
}

#[test]
fn bad_spec_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = tmp.path().join("spec");
    fs::create_dir(&spec).expect("mkdir");
    fs::write(
        spec.join("users.nix"),
        "{ users.users.coal = { uid = 1001; devbox.containers.enable = true; }; }",
    )
    .expect("w");
    fs::write(
        spec.join("containers.nix"),
        "{ images.a = { }; containers.x.owner = \"cole\"; }",
    )
    .expect("w");
    let out = tmp.path().join("generated");
    let o = run(&[
        "render",
        spec.to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("containers.nix:1:40"), "{err}");
    assert!(err.contains("did you mean `coal`?"), "{err}");
    assert!(
        !out.exists(),
        "nothing is written when the spec has an error"
    );

    let json = run(&[
        "check",
        spec.to_str().expect("utf8"),
        "--message-format",
        "json",
    ]);
    assert_eq!(code(&json), 2);
    let first_line = stderr(&json).lines().next().unwrap_or_default().to_owned();
    let v: serde_json::Value = serde_json::from_str(&first_line).expect("one JSON object per line");
    assert_eq!(v["code"], "spec::unknown-owner");
    assert_eq!(v["labels"][0]["file"], "containers.nix");
    assert_eq!(v["labels"][0]["line"], 1);
}

#[test]
fn input_problems_exit_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    let missing = tmp.path().join("nope");
    let o = run(&["check", missing.to_str().expect("utf8")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));

    let file = tmp.path().join("file.nix");
    fs::write(&file, "{ }").expect("w");
    let o = run(&["check", file.to_str().expect("utf8")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("is not a directory"), "{}", stderr(&o));

    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    let o = run(&["check", empty.to_str().expect("utf8")]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("the spec has no `users.nix`"),
        "{}",
        stderr(&o)
    );

    let usage = run(&["render"]);
    assert_eq!(code(&usage), 2, "usage errors exit 2 as clap does");
}

#[test]
fn refuses_out_dirs_that_would_clobber_the_spec_or_the_system() {
    let spec = example();
    let spec_s = spec.to_str().expect("utf8");
    for out in [spec.clone(), spec.join("generated"), PathBuf::from("/")] {
        let o = run(&["render", spec_s, "--out", out.to_str().expect("utf8")]);
        assert_eq!(code(&o), 2, "{}: {}", out.display(), stderr(&o));
        assert!(stderr(&o).contains("refusing to write"), "{}", stderr(&o));
    }
    assert!(!spec.join("generated").exists());
}

#[test]
fn unwritable_output_exits_3() {
    let tmp = tempfile::tempdir().expect("tmp");
    let blocker = tmp.path().join("blocker");
    fs::write(&blocker, "a file where a directory must go").expect("w");
    let out = blocker.join("generated");
    let o = run(&[
        "render",
        example().to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
}

#[test]
fn eval_of_a_spec_dir_prints_the_decoded_spec_with_defaults() {
    let o = run(&["eval", example().to_str().expect("utf8"), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["users"]["coal"]["uid"], 1001);
    assert_eq!(v["users"]["coal"]["shell"], "zsh");
    assert_eq!(v["containers"]["coal-rust"]["resources"]["memory"], "8G");
    assert_eq!(
        v["containers"]["ash-py"]["resources"]["memory"], "4G",
        "from defaults"
    );
    assert_eq!(
        v["containers"]["ash-py"]["hostname"], "ash-py",
        "defaults to the name"
    );
    assert_eq!(v["images"]["python"]["packages"][5], "python3");
    assert!(
        v["users"]["ember"]["uid"].is_null(),
        "a user without containers is not evaluated further"
    );
}

/// users.nix as a NixOS config holds it: non-owners behind `mkIf config.…`, a
/// name NixOS allows but devbox-gen's owner rule would not, a user dropped by
/// `mkIf false`. Only the undecidable one is mentioned, as a warning; the tree is
/// written.
#[test]
fn undecided_non_owner_is_a_warning_and_the_tree_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = tmp.path().join("spec");
    fs::create_dir(&spec).expect("mkdir");
    fs::write(
        spec.join("users.nix"),
        r#"{ config, lib, ... }: {
  users.mutableUsers = false;
  users.groups.gitea = { };
  users.users.coal = { uid = 1001; devbox.containers.enable = true; };
  users.users.gitea = lib.mkIf config.services.gitea.enable { isSystemUser = true; group = "gitea"; };
  users.users."sunny.sehwag" = { isNormalUser = true; uid = config.ids.uids.sunny; };
  users.users.gone = lib.mkIf false { uid = 1003; devbox.containers.enable = true; };
}"#,
    )
    .expect("w");
    fs::write(
        spec.join("containers.nix"),
        "{ images.a = { }; containers.x.owner = \"coal\"; }",
    )
    .expect("w");
    let out = tmp.path().join("generated");
    let o = run(&[
        "render",
        spec.to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
    ]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert!(err.contains("spec::undecided-user"), "{err}");
    assert!(err.contains("user `gitea` is skipped"), "{err}");
    assert_eq!(
        err.matches('⚠').count(),
        1,
        "one warning, nothing on sunny.sehwag: {err}"
    );
    assert!(!err.contains('×') && !err.contains("error"), "{err}");
    assert!(out.join("users/coal/quadlet/x.container").is_file());
    assert!(!out.join("users/gone").exists(), "mkIf false drops a user");

    // The dropped user, named as an owner, is not in users.nix.
    fs::write(
        spec.join("containers.nix"),
        "{ images.a = { }; containers.x.owner = \"gone\"; }",
    )
    .expect("w");
    let o = run(&["check", spec.to_str().expect("utf8")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("spec::unknown-owner"), "{}", stderr(&o));
}

/// Issue 17: a FIFO (or device) where the manifest belongs blocked the render
/// forever; it is refused at once, and nothing is written.
#[test]
fn a_manifest_that_is_a_fifo_is_refused_without_blocking() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("generated");
    std::fs::create_dir(&out).expect("mkdir");
    let fifo = out.join(".devbox-gen.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let mut child = bin()
        .args(["render"])
        .arg(example())
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("devbox-gen blocked on the FIFO manifest");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().expect("output");
    assert_ne!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let written: Vec<_> = std::fs::read_dir(&out).expect("read").collect();
    assert_eq!(written.len(), 1, "only the FIFO is there");
}
