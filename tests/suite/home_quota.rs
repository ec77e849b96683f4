//! `nixos/devbox-home-quota.sh`, the root script of the capped homes
//! (`resources.homeSize`), run as root against a temporary homes root with
//! fakes for the quota tools and the file system's type (tests/fakes/quota/:
//! they log their argv to `$FAKE_LOG`, answer from `$FAKE_STATE`); the
//! directories, owners and modes are real. It makes each capped home, sets
//! its project and limit, and opens the owner's homes only when every cap
//! holds (fails closed); re-running is idempotent and applies a new size.
//! Needs root (it chowns to a second user); skipped, saying so, otherwise.

use crate::support;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::pipeline::compile;

/// A user every Debian system has (uid 65534, login group nogroup).
const OWNER: &str = "nobody";
const MIB_64: u64 = 64 << 20;

fn running_as_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The script as rendered from tests/specs/limits (gale-data is capped).
fn script() -> (tempfile::TempDir, PathBuf) {
    let spec = Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/limits");
    let compiled = compile(&spec, None);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let out = tempfile::tempdir().expect("tmp");
    emit::write(
        &compiled.tree.expect("tree"),
        Utf8Path::from_path(out.path()).expect("utf8"),
    )
    .expect("write tree");
    let path = out.path().join("nixos/devbox-home-quota.sh");
    (out, path)
}

struct World {
    root: tempfile::TempDir,
    script: PathBuf,
    _tree: tempfile::TempDir,
}

impl World {
    /// A file system of type `fs` (as `stat -f -c %T` names it) mounted at
    /// `/srv/q`, holding the homes root.
    fn new(fs_type: &str) -> Self {
        let (tree, script) = script();
        let root = tempfile::tempdir().expect("tmp");
        fs::create_dir_all(root.path().join("state")).expect("state");
        let w = World {
            root,
            script,
            _tree: tree,
        };
        w.set("fs", fs_type);
        w.set("mnt", "/srv/q");
        w
    }

    fn set(&self, rel: &str, contents: &str) {
        fs::write(self.root.path().join("state").join(rel), contents).expect("state");
    }

    fn state(&self, rel: &str) -> Option<String> {
        fs::read_to_string(self.root.path().join("state").join(rel))
            .ok()
            .map(|s| s.trim().to_owned())
    }

    fn homes_root(&self) -> PathBuf {
        self.root.path().join("var/lib/devbox/.homes")
    }

    fn owner_dir(&self) -> PathBuf {
        self.homes_root().join(OWNER)
    }

    fn run(&self, caps: &[&str]) -> Output {
        let _ = fs::remove_file(self.root.path().join("log"));
        let fakes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fakes/quota");
        let path = format!(
            "{}:{}",
            fakes.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new(&self.script)
            .arg(OWNER)
            .args(caps)
            .env_clear()
            .env("PATH", path)
            .env("LC_ALL", "C")
            .env("FAKE_LOG", self.root.path().join("log"))
            .env("FAKE_STATE", self.root.path().join("state"))
            .env("DEVBOX_HOMES_ROOT", self.homes_root())
            .output()
            .expect("run the script")
    }

    /// The quota tools' calls (not the fakes' `stat`/`findmnt` lookups).
    fn quota_calls(&self) -> Vec<String> {
        fs::read_to_string(self.root.path().join("log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("stat ") && !l.starts_with("findmnt "))
            .map(str::to_owned)
            .collect()
    }
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// (uid, mode & 0o7777) of `p`, symlinks not followed.
fn owner_mode(p: &Path) -> (u32, u32) {
    let m = fs::symlink_metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    (m.uid(), m.mode() & 0o7777)
}

fn nobody_uid() -> u32 {
    let o = Command::new("id").args(["-u", OWNER]).output().expect("id");
    String::from_utf8_lossy(&o.stdout)
        .trim()
        .parse()
        .expect("a uid")
}

// Says so when skipping, as the tests that need root do (a helper, not a test).
#[allow(clippy::print_stderr)]
fn skip() -> bool {
    if running_as_root() {
        return false;
    }
    // CI runs as root (.ci/run): there a skip would pass a test that never ran.
    assert!(
        !support::in_ci(),
        "devbox-home-quota needs root (it chowns to {OWNER}), and CI is set"
    );
    eprintln!("SKIPPED: devbox-home-quota needs root (it chowns to {OWNER})");
    true
}

#[test]
fn the_script_passes_shellcheck_and_bash_n() {
    let (_tree, path) = script();
    let mode = fs::metadata(&path).expect("the script").mode();
    assert_eq!(mode & 0o111, 0o111, "executable");
    if let Some(r) = support::bash_n(&path) {
        r.unwrap_or_else(|e| panic!("{e}"));
    }
    if let Some(r) = support::shellcheck(&path) {
        r.unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn on_xfs_with_project_quotas_it_caps_each_home_and_opens_them_to_the_owner() {
    if skip() {
        return;
    }
    let w = World::new("xfs");
    w.set(
        "xfs-state",
        "Project quota state on /srv/q (/dev/vdb)\n  Accounting: ON\n  Enforcement: ON\n",
    );
    let o = w.run(&[
        &format!("gale-data:1106051143:{MIB_64}"),
        "other:1073741825:1073741824",
    ]);
    assert!(o.status.success(), "{}", show(&o));
    let dir = w.owner_dir();
    let uid = nobody_uid();
    assert_eq!(owner_mode(&dir), (uid, 0o700), "open: the owner's, private");
    assert!(w.state("immutable/nobody").is_some(), "open: immutable");
    for home in ["gale-data", "other"] {
        assert_eq!(owner_mode(&dir.join(home)), (uid, 0o700), "{home}");
    }
    assert_eq!(
        w.quota_calls(),
        [
            "xfs_quota -x -c state -p /srv/q".to_owned(),
            format!("xfs_io -c lsproj {}/gale-data", dir.display()),
            format!(
                "xfs_quota -x -c project -s -p {}/gale-data 1106051143 /srv/q",
                dir.display()
            ),
            format!("xfs_quota -x -c limit -p bhard={MIB_64} 1106051143 /srv/q"),
            format!("xfs_io -c lsproj {}/other", dir.display()),
            format!(
                "xfs_quota -x -c project -s -p {}/other 1073741825 /srv/q",
                dir.display()
            ),
            "xfs_quota -x -c limit -p bhard=1073741824 1073741825 /srv/q".to_owned(),
            format!("chattr +i {}", dir.display()),
        ],
        "{}",
        show(&o)
    );

    // Again (a reboot, a switch that changed gale-data's size): the project
    // is in place, only the new limit is set; the directories stay as they are.
    fs::write(dir.join("gale-data/kept"), "data").expect("a file in the home");
    let o = w.run(&["gale-data:1106051143:134217728"]);
    assert!(o.status.success(), "{}", show(&o));
    let calls = w.quota_calls();
    assert!(
        calls.contains(&"xfs_quota -x -c limit -p bhard=134217728 1106051143 /srv/q".to_owned())
            && !calls.iter().any(|c| c.contains("project -s")),
        "{calls:?}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("gale-data/kept")).expect("kept"),
        "data"
    );
    assert_eq!(owner_mode(&dir), (uid, 0o700));
    assert!(w.state("immutable/nobody").is_some());
}

#[test]
fn without_project_quotas_it_fails_and_leaves_the_homes_closed() {
    if skip() {
        return;
    }
    // XFS mounted without prjquota: xfs_quota reports no project quota state.
    let w = World::new("xfs");
    let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
    assert!(!o.status.success(), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("mount it with the prjquota option"),
        "{}",
        show(&o)
    );
    let dir = w.owner_dir();
    assert_eq!(owner_mode(&dir), (0, 0o700), "closed: root's");
    assert!(
        !dir.join("gale-data").exists(),
        "no home made without a cap"
    );

    // A host whose quotas worked and no longer do (mounted without prjquota
    // after a reboot): the open homes are closed again, their data kept.
    w.set(
        "xfs-state",
        "Project quota state on /srv/q (/dev/vdb)\n  Accounting: ON\n  Enforcement: ON\n",
    );
    let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
    assert!(o.status.success(), "{}", show(&o));
    assert_eq!(owner_mode(&dir).0, nobody_uid());
    w.set(
        "xfs-state",
        "Project quota state on /srv/q (/dev/vdb)\n  Accounting: ON\n  Enforcement: OFF\n",
    );
    let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
    assert!(!o.status.success(), "{}", show(&o));
    assert_eq!(owner_mode(&dir), (0, 0o700), "closed again: root's");
    assert!(w.state("immutable/nobody").is_none());
    assert!(dir.join("gale-data").is_dir(), "the home's data stays");

    // ext4 counting without enforcing, and a file system without project
    // quotas at all: closed too, saying why.
    for (fs_type, quotaon, says) in [
        (
            "ext2/ext3",
            "project quota on /srv/q (/dev/vdb) is on (accounting)\n",
            "tune2fs -O project,quota",
        ),
        ("tmpfs", "", "a home cap needs XFS or ext4"),
    ] {
        let w = World::new(fs_type);
        w.set("quotaon", quotaon);
        let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
        assert!(!o.status.success(), "{fs_type}: {}", show(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{fs_type}: {}",
            show(&o)
        );
        assert_eq!(owner_mode(&w.owner_dir()), (0, 0o700), "{fs_type}");
        assert!(!w.owner_dir().join("gale-data").exists(), "{fs_type}");
    }
}

#[test]
fn on_ext4_it_tags_the_home_with_chattr_and_sets_the_limit_with_setquota() {
    if skip() {
        return;
    }
    let w = World::new("ext2/ext3");
    w.set(
        "quotaon",
        "project quota on /srv/q (/dev/vdb) is on (enforced)\n",
    );
    let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
    assert!(o.status.success(), "{}", show(&o));
    let home = w.owner_dir().join("gale-data");
    let calls = w.quota_calls();
    assert!(
        calls.contains(&format!("chattr +P -p 1106051143 {}", home.display()))
            && calls.contains(&"setquota -P 1106051143 0 65536 0 0 /srv/q".to_owned()),
        "{calls:?}"
    );
    // Again: already tagged, no chattr +P; the limit is set anew.
    let o = w.run(&[&format!("gale-data:1106051143:{MIB_64}")]);
    assert!(o.status.success(), "{}", show(&o));
    let calls = w.quota_calls();
    assert!(
        !calls.iter().any(|c| c.starts_with("chattr +P"))
            && calls.contains(&"setquota -P 1106051143 0 65536 0 0 /srv/q".to_owned()),
        "{calls:?}"
    );
}
