//! The pre-commit hook of `.pre-commit-hooks.yaml`, run by the real `pre-commit` (from
//! PyPI, installed by scripts/install-test-tools.sh) from a real `git commit` in scratch
//! repositories:
//!
//! - a commit whose `generated/` is stale is refused, and the diff is shown;
//! - after `devbox-gen render`, the same commit passes;
//! - a commit touching neither `spec/` nor `generated/` skips the hook (`files:`);
//! - `args:`/`files:` move the hook to other directories.
//!
//! The hook under test is `devbox-gen-check-system` read from this repository's
//! `.pre-commit-hooks.yaml` (copied into a scratch hook repository, which pre-commit
//! clones as it would a GitHub one), with the binary under test on PATH. Its sibling
//! `devbox-gen-check` differs only in `language: rust`, which makes pre-commit
//! `cargo install` this crate first (minutes of release build): that path is described
//! in docs/workflow.md and left out of CI. `pre-commit validate-manifest` checks both.
//!
//! `pre-commit` and `git` are required in CI and skip loudly locally.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const USERS: &str =
    "{\n  users.users.alice = {\n    uid = 1001;\n    devbox.containers.enable = true;\n  };\n}\n";

fn containers(memory: &str) -> String {
    format!(
        "{{\n  images.base.packages = [ \"git\" ];\n  containers.alice-dev = {{\n    owner = \"alice\";\n    resources.memory = \"{memory}\";\n  }};\n}}\n"
    )
}

/// A scratch world: a HOME, a pre-commit cache, a bin directory holding `devbox-gen`
/// (the binary under test), and every command run with only these.
struct Scratch {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    path: String,
    git: PathBuf,
    pre_commit: PathBuf,
}

impl Scratch {
    fn new() -> Option<Scratch> {
        let git = support::tool("git")?;
        let pre_commit = support::tool("pre-commit")?;
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path().to_path_buf();
        let bin = root.join("bin");
        for dir in ["home", "bin", "pre-commit-cache"] {
            std::fs::create_dir(root.join(dir)).expect("mkdir");
        }
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_devbox-gen"), bin.join("devbox-gen"))
            .expect("symlink devbox-gen");
        let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .expect("PATH")
        .into_string()
        .expect("utf-8 PATH");
        Some(Scratch {
            _tmp: tmp,
            root,
            path,
            git,
            pre_commit,
        })
    }

    fn command(&self, program: &Path, dir: &Path) -> Command {
        let mut c = Command::new(program);
        c.current_dir(dir)
            .env_clear()
            .env("PATH", &self.path)
            .env("HOME", self.root.join("home"))
            .env("PRE_COMMIT_HOME", self.root.join("pre-commit-cache"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("NO_COLOR", "1")
            .env("LC_ALL", "C.UTF-8")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, program: &Path, dir: &Path, args: &[&str]) -> Output {
        self.command(program, dir)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("run {} {args:?}: {e}", program.display()))
    }

    /// Runs and requires success.
    fn ok(&self, program: &Path, dir: &Path, args: &[&str]) -> String {
        let out = self.run(program, dir, args);
        assert!(
            out.status.success(),
            "{} {args:?} failed ({}):\n{}",
            program.display(),
            out.status,
            both(&out)
        );
        both(&out)
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.ok(&self.git, dir, args)
    }

    fn devbox_gen(&self, dir: &Path, args: &[&str]) -> String {
        self.ok(Path::new(env!("CARGO_BIN_EXE_devbox-gen")), dir, args)
    }

    /// A git repository holding this repository's `.pre-commit-hooks.yaml`, as pre-commit
    /// would clone it from GitHub; returns its path and commit.
    fn hook_repo(&self) -> (PathBuf, String) {
        let dir = self.root.join("hooks");
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::copy(
            repo().join(".pre-commit-hooks.yaml"),
            dir.join(".pre-commit-hooks.yaml"),
        )
        .expect("copy .pre-commit-hooks.yaml");
        self.git(&dir, &["init", "-q", "-b", "main"]);
        self.git(&dir, &["add", ".pre-commit-hooks.yaml"]);
        self.git(&dir, &["commit", "-q", "-m", "hooks"]);
        let rev = self.git(&dir, &["rev-parse", "HEAD"]).trim().to_string();
        (dir, rev)
    }

    /// A user's repository with a spec in `spec_dir`, the pre-commit config `config`,
    /// and the hook installed.
    fn project(&self, name: &str, spec_dir: &str, config: &str) -> PathBuf {
        let dir = self.root.join(name);
        std::fs::create_dir_all(dir.join(spec_dir)).expect("mkdir");
        write(&dir.join(spec_dir).join("users.nix"), USERS);
        write(
            &dir.join(spec_dir).join("containers.nix"),
            &containers("4G"),
        );
        write(&dir.join(".pre-commit-config.yaml"), config);
        self.git(&dir, &["init", "-q", "-b", "main"]);
        self.ok(&self.pre_commit, &dir, &["install"]);
        dir
    }

    fn head(&self, dir: &Path) -> String {
        self.git(dir, &["rev-parse", "HEAD"]).trim().to_string()
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn both(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn config(hook_repo: &Path, rev: &str, extra: &str) -> String {
    format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: devbox-gen-check-system\n{extra}",
        hook_repo.display()
    )
}

#[test]
fn the_manifest_is_valid_for_pre_commit() {
    let Some(s) = Scratch::new() else { return };
    s.ok(
        &s.pre_commit,
        repo(),
        &["validate-manifest", ".pre-commit-hooks.yaml"],
    );
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect("read");
    for needle in [
        "- id: devbox-gen-check\n",
        "- id: devbox-gen-check-system\n",
        "language: rust",
        "language: system",
        "pass_filenames: false",
        "args: [spec, --out, generated]",
        "files: ^(spec|generated)/",
    ] {
        assert!(
            text.contains(needle),
            ".pre-commit-hooks.yaml lacks {needle:?}"
        );
    }
    // The two hooks run the same command.
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("entry:"))
        .collect();
    assert_eq!(
        entries, ["  entry: devbox-gen render --check"; 2],
        "both hooks run `devbox-gen render --check`"
    );
}

#[test]
fn a_stale_tree_refuses_the_commit_with_a_diff_and_a_fresh_one_passes() {
    let Some(s) = Scratch::new() else { return };
    let (hooks, rev) = s.hook_repo();
    let project = s.project("project", "spec", &config(&hooks, &rev, ""));

    // First commit: spec and its freshly rendered tree.
    s.devbox_gen(&project, &["render", "spec", "--out", "generated"]);
    s.git(&project, &["add", "-A"]);
    let first = s.git(&project, &["commit", "-m", "spec and generated tree"]);
    assert!(
        first.contains("devbox-gen generated tree is up to date") && first.contains("Passed"),
        "the hook must run and pass on a fresh tree:\n{first}"
    );
    let head = s.head(&project);

    // The spec changes, the tree is not re-rendered: refused, with the diff.
    write(&project.join("spec/containers.nix"), &containers("6G"));
    s.git(&project, &["add", "spec/containers.nix"]);
    let refused = s.run(&s.git, &project, &["commit", "-m", "more memory"]);
    let text = both(&refused);
    assert!(
        !refused.status.success(),
        "a stale tree must refuse the commit:\n{text}"
    );
    assert_eq!(s.head(&project), head, "nothing was committed");
    for needle in [
        "Failed",
        "- exit code: 1",
        "--- a/users/alice/quadlet/alice-dev.container",
        "+++ b/users/alice/quadlet/alice-dev.container",
        "-MemoryMax=4G",
        "+MemoryMax=6G",
        "1 stale, 0 missing, 0 extra",
    ] {
        assert!(
            text.contains(needle),
            "the refusal must show {needle:?}:\n{text}"
        );
    }

    // Re-render, stage the tree: the same commit passes.
    s.devbox_gen(&project, &["render", "spec", "--out", "generated"]);
    s.git(&project, &["add", "generated"]);
    let passed = s.git(&project, &["commit", "-m", "more memory"]);
    assert!(passed.contains("Passed"), "{passed}");
    assert_ne!(s.head(&project), head);
    assert_eq!(s.git(&project, &["status", "--porcelain"]), "");

    // A commit of other files does not run the hook.
    write(&project.join("README.md"), "# hosts\n");
    s.git(&project, &["add", "README.md"]);
    let skipped = s.git(&project, &["commit", "-m", "readme"]);
    assert!(
        skipped.contains("Skipped"),
        "files: must keep the hook off unrelated commits:\n{skipped}"
    );

    // A generated file edited by hand is refused too (and what is staged is what counts:
    // pre-commit stashes unstaged changes).
    let unit = project.join("generated/users/alice/quadlet/alice-dev.container");
    let original = std::fs::read_to_string(&unit).expect("read unit");
    write(&unit, &format!("{original}# tweak\n"));
    s.git(&project, &["add", "generated"]);
    let refused = s.run(&s.git, &project, &["commit", "-m", "hand edit"]);
    let text = both(&refused);
    assert!(!refused.status.success(), "{text}");
    assert!(text.contains("-# tweak"), "{text}");
}

#[test]
fn args_and_files_move_the_hook_to_other_directories() {
    let Some(s) = Scratch::new() else { return };
    let (hooks, rev) = s.hook_repo();
    let extra =
        "        args: [nix/spec, --out, nix/generated]\n        files: ^nix/(spec|generated)/\n";
    let project = s.project("custom", "nix/spec", &config(&hooks, &rev, extra));
    s.devbox_gen(&project, &["render", "nix/spec", "--out", "nix/generated"]);
    s.git(&project, &["add", "-A"]);
    let first = s.git(&project, &["commit", "-m", "init"]);
    assert!(first.contains("Passed"), "{first}");

    write(&project.join("nix/spec/containers.nix"), &containers("6G"));
    s.git(&project, &["add", "-A"]);
    let refused = s.run(&s.git, &project, &["commit", "-m", "stale"]);
    let text = both(&refused);
    assert!(!refused.status.success(), "{text}");
    assert!(text.contains("+MemoryMax=6G"), "{text}");
}

/// A clone under umask 002 gets 0664 files: still up to date (git records only the
/// executable bit, and so does the check).
#[test]
fn a_checkout_under_another_umask_is_up_to_date() {
    let Some(s) = Scratch::new() else { return };
    let (hooks, rev) = s.hook_repo();
    let project = s.project("umask", "spec", &config(&hooks, &rev, ""));
    s.devbox_gen(&project, &["render", "spec", "--out", "generated"]);
    s.git(&project, &["add", "-A"]);
    s.git(&project, &["commit", "-q", "-m", "init"]);

    let clone = s.root.join("clone");
    s.ok(
        Path::new("/bin/sh"),
        &s.root,
        &[
            "-c",
            &format!(
                "umask 002 && git clone -q {} {}",
                project.display(),
                clone.display()
            ),
        ],
    );
    let unit = clone.join("generated/users/alice/quadlet/alice-dev.container");
    use std::os::unix::fs::PermissionsExt;
    let bits = std::fs::metadata(&unit).expect("stat").permissions().mode() & 0o777;
    assert_eq!(bits, 0o664, "the clone was made under umask 002");
    let report = s.devbox_gen(&clone, &["render", "spec", "--out", "generated", "--check"]);
    assert_eq!(report, "", "--check is clean on the clone");
    let render = s.devbox_gen(&clone, &["render", "spec", "--out", "generated"]);
    assert!(render.contains(": 0 written"), "{render}");
}
