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

/// `dir` (made if missing) holding a spec of these two files.
fn write_spec(dir: &Path, users: &str, containers: &str) -> PathBuf {
    fs::create_dir_all(dir).expect("mkdir");
    fs::write(dir.join("users.nix"), users).expect("users.nix");
    fs::write(dir.join("containers.nix"), containers).expect("containers.nix");
    dir.to_path_buf()
}

/// One owner, `tess`, for the tests that vary containers.nix.
const TESS: &str = "{ users.users.tess = { uid = 1500; devbox.containers.enable = true; }; }";

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

/// `..` after a symlink climbs from the link's target, as the kernel does: the
/// refusals look at the directory that would really be written.
#[test]
fn out_through_a_symlink_and_dotdot_is_resolved_before_the_refusals() {
    let tmp = tempfile::tempdir().expect("tmp");
    let spec = tmp.path().join("spec");
    fs::create_dir_all(spec.join("keys")).expect("mkdir");
    for f in ["users.nix", "containers.nix", "keys/coal.pub"] {
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

/// Keys beside the spec in its repository: outside the spec directory, they
/// need `--root` or an enclosing git repository; a `--root` that does not hold
/// the spec is refused.
#[test]
fn readable_root_is_the_flag_else_the_git_repository_else_the_spec() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    let spec = repo.join("spec");
    fs::create_dir_all(&spec).expect("mkdir");
    fs::create_dir_all(repo.join("keys")).expect("mkdir");
    fs::write(
        repo.join("keys/coal.pub"),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl coal@mac\n",
    )
    .expect("w");
    fs::write(
        spec.join("users.nix"),
        "{ users.users.coal = { uid = 1001; devbox.containers.enable = true; openssh.authorizedKeys.keyFiles = [ ../keys/coal.pub ]; }; }",
    )
    .expect("w");
    fs::write(
        spec.join("containers.nix"),
        "{ images.a = { }; containers.x.owner = \"coal\"; }",
    )
    .expect("w");
    let s = spec.to_str().expect("utf8");
    let r = repo.to_str().expect("utf8");

    let alone = run(&["check", s]);
    assert_eq!(code(&alone), 2, "{}", stderr(&alone));
    assert!(
        stderr(&alone).contains("cannot read `../keys/coal.pub`: it is outside the spec directory"),
        "{}",
        stderr(&alone)
    );

    let flagged = run(&["eval", s, "--json", "--root", r]);
    assert_eq!(code(&flagged), 0, "{}", stderr(&flagged));
    assert!(
        stdout(&flagged).contains("coal@mac"),
        "{}",
        stdout(&flagged)
    );

    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    let wrong = run(&["check", s, "--root", elsewhere.to_str().expect("utf8")]);
    assert_eq!(code(&wrong), 2);
    assert!(stderr(&wrong).contains("cli::root"), "{}", stderr(&wrong));

    fs::create_dir(repo.join(".git")).expect("a git repository");
    let in_git = run(&["check", s]);
    assert_eq!(code(&in_git), 0, "{}", stderr(&in_git));
}

/// `eval FILE --arg/--argstr` call a top-level function as nix-instantiate does.
#[test]
fn eval_arg_and_argstr_agree_with_nix_instantiate() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("f.nix");
    fs::write(
        &file,
        "{ n, name ? \"x\", extra ? [ ] }: { inherit name extra; double = n * 2; }",
    )
    .expect("w");
    let f = file.to_str().expect("utf8");
    let args = ["--arg", "n", "20 + 1", "--argstr", "name", "coal ${x}"];
    let ours = run(&[&["eval", f, "--json"][..], &args[..]].concat());
    assert_eq!(code(&ours), 0, "{}", stderr(&ours));
    assert_eq!(
        stdout(&ours).trim(),
        r#"{"double":42,"extra":[],"name":"coal ${x}"}"#
    );
    // Without arguments the function is not called (Nix 2.8 neither): an error.
    assert_eq!(code(&run(&["eval", f, "--json"])), 2);
    let Ok(nix) = Command::new("nix-instantiate")
        .args(["--store", "dummy://", "--eval", "--strict", "--json", f])
        .args(args)
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "nix-instantiate is required in CI"
        );
        eprintln!("SKIPPED: nix-instantiate not found; the Nix half of this test did not run");
        return;
    };
    assert!(
        nix.status.success(),
        "{}",
        String::from_utf8_lossy(&nix.stderr)
    );
    assert_eq!(
        stdout(&ours).trim(),
        String::from_utf8_lossy(&nix.stdout).trim()
    );
}

/// The example's `coal` containers share `tag:devbox` with `ash`'s: a warning,
/// printed by every command that validates, and the run still succeeds.
#[test]
fn warnings_are_printed_and_exit_0() {
    let spec = example();
    let spec = spec.to_str().expect("utf8");
    let check = run(&["check", spec]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    let text = stderr(&check);
    for needle in [
        "spec::tailscale-unreachable",
        "containers `coal-notes`, `coal-rust` of `coal`",
        "tag:devbox-coal",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    assert!(!text.contains("error"), "{text}");

    let json = run(&["--message-format", "json", "check", spec]);
    assert_eq!(code(&json), 0);
    let lines: Vec<serde_json::Value> = stderr(&json)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON diagnostic per line"))
        .collect();
    assert_eq!(lines.len(), 1, "one warning for coal: {lines:?}");
    assert!(
        lines.iter().all(|d| d["severity"] == "warning"),
        "{lines:?}"
    );

    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("generated");
    let render = run(&["render", spec, "--out", out.to_str().expect("utf8")]);
    assert_eq!(code(&render), 0, "{}", stderr(&render));
    assert!(stderr(&render).contains("spec::tailscale-unreachable"));
    assert!(out.join("tailscale/acl-snippet.hujson").is_file());
}

/// Many owners on one shared tag: the warning used to come once per container
/// and name every other owner (2,000 warnings naming 199 owners each for a
/// 200-owner team, most of `eval`'s time). Now one warning per owner, with a
/// short list of the others.
#[test]
fn a_tag_shared_by_many_owners_warns_once_per_owner_briefly() {
    let tmp = tempfile::tempdir().expect("tmp");
    let owners: Vec<String> = (0..40).map(|i| format!("u{i:02}")).collect();
    let users: String = owners
        .iter()
        .enumerate()
        .map(|(i, o)| {
            format!(
                "users.users.{o} = {{ isNormalUser = true; uid = {}; devbox.containers.enable = true; }};\n",
                2000 + i
            )
        })
        .collect();
    let containers: String = owners
        .iter()
        .flat_map(|o| (0..3).map(move |c| format!("{o}-c{c}.owner = \"{o}\";\n")))
        .collect();
    let spec = write_spec(
        &tmp.path().join("spec"),
        &format!("{{ {users} }}"),
        &format!(
            "{{ defaults.tailscale.tags = [ \"tag:devbox\" ]; images.a = {{ }}; containers = {{ {containers} }}; }}"
        ),
    );
    let o = run(&["check", spec.to_str().expect("utf8")]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(
        err.matches("spec::tailscale-unreachable").count(),
        40,
        "{err}"
    );
    let first = err
        .split("spec::tailscale-unreachable")
        .nth(1)
        .expect("a warning");
    for c in ["`u00-c0`", "`u00-c1`", "`u00-c2`"] {
        assert!(first.contains(c), "{c} missing from {first}");
    }
    assert!(first.contains("and 34 more"), "{first}");
    assert!(!first.contains("u39"), "{first}");
}

/// A diagnostic past column 65,535 of a line (a generated one-line spec) made
/// the report renderer panic (a format width past `u16::MAX`): exit 3 instead of
/// a report. It is reported with its place written out, exit 2.
#[test]
fn a_diagnostic_far_along_one_long_line_is_reported_not_a_panic() {
    let tmp = tempfile::tempdir().expect("tmp");
    let env: String = (0..8000).map(|i| format!("E{i} = \"v\"; ")).collect();
    let spec = write_spec(
        &tmp.path().join("spec"),
        "{ users.users.coal = { isNormalUser = true; uid = 1001; devbox.containers.enable = true; }; }",
        &format!(
            "{{ images.a = {{ }}; containers.x = {{ owner = \"coal\"; env = {{ {env}}}; bogus = 1; }}; }}"
        ),
    );
    let out = tmp.path().join("generated");
    let o = run(&[
        "render",
        spec.to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
    ]);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("spec::unknown-field"), "{err}");
    assert!(
        err.contains("containers.nix:1:"),
        "the place, written out: {err}"
    );
    assert!(!out.exists());
}

/// A FIFO (or device) where the manifest belongs blocked the render
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

/// A cleanup that runs less often than a container's `idle.stopAfter` is a
/// warning naming both numbers; the run succeeds. The default (hourly) and an
/// explicit hourly one are quiet.
#[test]
fn a_cleanup_coarser_than_stop_after_is_a_warning_with_both_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let spec = |cleanup: &str| {
        let containers = format!(
            r#"{{
  images.base = {{ }};
  containers.a = {{ owner = "tess"; idle.stopAfter = "2h"; }};
  containers.b = {{ owner = "tess"; idle.stopAfter = "12h"; }};
  {cleanup}
}}"#
        );
        let spec = write_spec(dir.path(), TESS, &containers);
        run(&["check", spec.to_str().expect("utf8")])
    };
    let daily = spec(r#"cleanup.onCalendar = "*-*-* 03:30:00";"#);
    assert_eq!(code(&daily), 0, "{}", stderr(&daily));
    let text = stderr(&daily);
    for needle in [
        "spec::cleanup-cadence",
        "about every 1d",
        "container `a`",
        "2h of `idle.stopAfter`",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    for quiet in [
        "",
        r#"cleanup.onCalendar = "hourly";"#,
        r#"cleanup.onCalendar = "*:0/30";"#,
    ] {
        let o = spec(quiet);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            !stderr(&o).contains("cleanup-cadence"),
            "{quiet}: {}",
            stderr(&o)
        );
    }
}

/// A server whose containers' limits add up past its declared `memory` or
/// `cpus`: a warning with both numbers, and the tree is written. At or under
/// capacity, and on a server without a declared capacity: quiet.
#[test]
fn a_server_past_its_capacity_is_a_warning_with_the_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let outer = tempfile::tempdir().expect("tmp");
    let spec = |server: &str| {
        let containers = format!(
            r#"{{
  images.base = {{ }};
  servers.build = {{ {server} }};
  defaults.resources = {{ memory = "6G"; cpus = 1.5; }};
  containers.a.owner = "tess";
  containers.b.owner = "tess";
}}"#
        );
        let spec = write_spec(dir.path(), TESS, &containers);
        let out = outer.path().join("out");
        let o = run(&[
            "render",
            spec.to_str().expect("utf8"),
            "--out",
            out.to_str().expect("utf8"),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(out.join("nixos/build/default.nix").is_file());
        stderr(&o)
    };
    let over = spec(r#"memory = "8G"; cpus = 2;"#);
    for needle in [
        "spec::server-capacity",
        "server `build` may use 12G of memory together, more than its 8G",
        "server `build` may use 3 CPUs together, more than its 2",
        "a, b",
    ] {
        assert!(over.contains(needle), "{needle} missing from:\n{over}");
    }
    for quiet in ["", r#"memory = "12G"; cpus = 3;"#, r#"podman = "5.4";"#] {
        let text = spec(quiet);
        assert!(!text.contains("server-capacity"), "{quiet}: {text}");
    }
}
