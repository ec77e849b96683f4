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
        "{ users.coal = { uid = 1001; containers.enable = true; }; }",
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

/// `..` after a symlink climbs from the link's target, as the kernel does: the
/// refusals look at the directory that would really be written.
#[test]
fn out_through_a_symlink_and_dotdot_is_resolved_before_the_refusals() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = tmp.path().join("spec");
    fs::create_dir_all(spec.join("keys")).expect("mkdir");
    for f in ["users.nix", "containers.nix", "keys.nix", "keys/coal.pub"] {
        fs::copy(example().join(f), spec.join(f)).expect("copy");
    }
    fs::create_dir(spec.join("sub")).expect("sub");
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("elsewhere");
    std::os::unix::fs::symlink(spec.join("sub"), elsewhere.join("L")).expect("symlink");
    // Textually `elsewhere`, really `spec`.
    let out = format!("{}/L/..", elsewhere.display());
    let o = run(&["render", spec.to_str().expect("utf8"), "--out", &out]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("inside the spec directory"),
        "{}",
        stderr(&o)
    );
    assert!(
        !spec.join("users").exists(),
        "nothing written into the spec"
    );
    assert!(!spec.join(".devbox-gen.json").exists());
    assert!(!elsewhere.join("users").exists());

    // Textually `elsewhere`, really `/`.
    std::os::unix::fs::symlink("/usr", elsewhere.join("U")).expect("symlink");
    let out = format!("{}/U/..", elsewhere.display());
    let o = run(&["render", spec.to_str().expect("utf8"), "--out", &out]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("root directory"), "{}", stderr(&o));
    assert!(!Path::new("/.devbox-gen.json").exists());
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
