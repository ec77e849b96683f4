//! The bad-input corpus: every spec devbox-gen must refuse, with a snapshot of
//! its diagnostics.
//!
//! - `tests/bad-specs/<case>/`: one bad spec per directory, overlaid on `base/`
//!   (`.omit` drops a base file);
//! - `tests/bad-darwin/<case>/darwin.nix`: bad darwin.nix files, next to the
//!   base spec's users.nix and containers.nix;
//! - [`generated_cases`]: inputs that cannot be a committed directory (a spec
//!   dir that is a file, symlink loops, a 10,000-deep list), built at run time.
//!
//! Two tests over the same corpus: the library's diagnostics (snapshots, every
//! diagnostic has a span unless it is about a whole file), and the real binary
//! under a 1 GiB address-space limit (`prlimit --as`) and a 10 s timeout: exit
//! 2, a diagnostic with a span (or a file-level one), no panic, nothing written.

mod support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use camino::Utf8Path;
use devbox_gen::diagnostics::render_text;
use devbox_gen::pipeline::compile;

const SPEC_FILES: &[&str] = &["users.nix", "containers.nix"];
/// Problems with a whole file or directory: there is no place in a file to point at.
const FILE_LEVEL: &[&str] = &["spec::missing-file", "spec::unreadable-file", "spec::dir"];
/// At least this many cases in bad-specs/ and bad-darwin/ together.
const MIN_CASES: usize = 120;
const TIMEOUT: Duration = Duration::from_secs(10);
const MEMORY_LIMIT: &str = "--as=1073741824";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A spec to refuse: where it is (it may be a file, or missing) and the temp
/// dir that holds it.
struct Case {
    name: String,
    spec: PathBuf,
    tmp: tempfile::TempDir,
}

/// Copies the case over the valid base spec into a fresh directory.
fn assemble(case: &Path) -> Case {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("spec");
    fs::create_dir(&dir).expect("spec dir");
    let base = manifest_dir().join("tests/bad-specs/base");
    let omit = fs::read_to_string(case.join(".omit")).unwrap_or_default();
    for name in SPEC_FILES {
        if !omit.lines().any(|l| l.trim() == *name) {
            fs::copy(base.join(name), dir.join(name)).expect("copy base file");
        }
    }
    copy_dir(case, &dir);
    Case {
        name: file_name(case),
        spec: dir,
        tmp,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("read case") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name == ".omit" {
            continue;
        }
        if entry.path().is_dir() {
            fs::create_dir_all(to.join(&name)).expect("mkdir");
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            fs::copy(entry.path(), to.join(name)).expect("copy case file");
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn case_dirs(corpus: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(manifest_dir().join(corpus))
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("base"))
        .collect();
    dirs.sort();
    dirs
}

/// A bad darwin.nix over the base spec.
fn assemble_darwin(case: &Path) -> Case {
    let c = assemble(&manifest_dir().join("tests/bad-specs/base"));
    fs::copy(case.join("darwin.nix"), c.spec.join("darwin.nix")).expect("darwin.nix");
    Case {
        name: format!("darwin-{}", file_name(case)),
        ..c
    }
}

/// The base spec with `edit` applied to its directory.
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn generated(name: &str, edit: impl FnOnce(&Path) -> PathBuf) -> Case {
    let c = assemble(&manifest_dir().join("tests/bad-specs/base"));
    let spec = edit(&c.spec);
    Case {
        name: name.to_owned(),
        spec,
        ..c
    }
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).expect("write");
}

/// Inputs that cannot be committed as a directory of the corpus.
fn generated_cases() -> Vec<Case> {
    let image_of = |dir: &Path, expr: &str| {
        write(
            &dir.join("containers.nix"),
            &format!(
                "{{\n  images.base.packages = {expr};\n  containers.coal-dev.owner = \"coal\";\n}}\n"
            ),
        );
    };
    vec![
        generated("spec-dir-is-a-file", |dir| {
            let file = dir.with_file_name("spec.nix");
            write(&file, "{ }\n");
            file
        }),
        generated("spec-dir-missing", |dir| dir.with_file_name("no-such-spec")),
        generated("users-symlink-loop", |dir| {
            fs::remove_file(dir.join("users.nix")).expect("rm");
            symlink("users.nix", dir.join("users.nix")).expect("symlink");
            dir.to_owned()
        }),
        generated("users-is-a-directory", |dir| {
            fs::remove_file(dir.join("users.nix")).expect("rm");
            fs::create_dir(dir.join("users.nix")).expect("mkdir");
            dir.to_owned()
        }),
        generated("darwin-dangling-symlink", |dir| {
            symlink("../elsewhere/darwin.nix", dir.join("darwin.nix")).expect("symlink");
            dir.to_owned()
        }),
        generated("import-symlink-loop", |dir| {
            symlink("loop.nix", dir.join("loop.nix")).expect("symlink");
            image_of(dir, "(import ./loop.nix)");
            dir.to_owned()
        }),
        generated("import-symlink-pair", |dir| {
            symlink("b.nix", dir.join("a.nix")).expect("symlink");
            symlink("a.nix", dir.join("b.nix")).expect("symlink");
            image_of(dir, "(import ./a.nix)");
            dir.to_owned()
        }),
        generated("import-symlink-outside", |dir| {
            symlink("/etc/hostname", dir.join("host.nix")).expect("symlink");
            image_of(dir, "[ (import ./host.nix) ]");
            dir.to_owned()
        }),
        generated("nested-list-10000", |dir| {
            // One bracket per line, so the snapshot shows a few short lines.
            let deep = format!("{}\"git\"\n{}", "[\n".repeat(10_000), "]\n".repeat(10_000));
            image_of(dir, &deep);
            dir.to_owned()
        }),
        generated("operator-run-too-long", |dir| {
            image_of(
                dir,
                &format!(
                    "[ \"git\" ] ++ [ {} ]",
                    format_args!("1{}", "+1".repeat(600))
                ),
            );
            dir.to_owned()
        }),
        // Issue 17: a FIFO read blocked forever; none may (devices alike, see
        // `read_regular` in src/source.rs), and a file past the cap is refused.
        generated("users-is-a-fifo", |dir| {
            fs::remove_file(dir.join("users.nix")).expect("rm");
            mkfifo(&dir.join("users.nix"));
            dir.to_owned()
        }),
        generated("read-file-fifo", |dir| {
            mkfifo(&dir.join("pipe"));
            image_of(dir, "[ (builtins.readFile ./pipe) ]");
            dir.to_owned()
        }),
        generated("import-fifo", |dir| {
            mkfifo(&dir.join("pipe.nix"));
            image_of(dir, "(import ./pipe.nix)");
            dir.to_owned()
        }),
        generated("read-file-past-size-limit", |dir| {
            let big = fs::File::create(dir.join("big.txt")).expect("create");
            big.set_len(devbox_gen::eval::limits::MAX_FILE_BYTES + 1)
                .expect("grow");
            image_of(dir, "[ (builtins.readFile ./big.txt) ]");
            dir.to_owned()
        }),
        generated("flat-list-100000-with-one-bad-item", |dir| {
            // Big but flat input is fine (and fast); the one bad item is reported.
            let items = "  \"git\"\n".repeat(100_000);
            image_of(dir, &format!("[\n{items}  42\n]"));
            dir.to_owned()
        }),
    ]
}

fn all_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = case_dirs("tests/bad-specs")
        .iter()
        .map(|d| assemble(d))
        .collect();
    cases.extend(
        case_dirs("tests/bad-darwin")
            .iter()
            .map(|d| assemble_darwin(d)),
    );
    cases.extend(generated_cases());
    cases
}

/// Runs `f` on a thread with the binary's big stack: deep recursion in a spec
/// must end in the evaluator's depth diagnostic, not in the test's small stack.
fn with_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no crash");
}

fn check_library(case: &Case) -> String {
    let spec = Utf8Path::from_path(&case.spec).expect("utf8 temp dir");
    let compiled = compile(spec, None);
    assert!(compiled.has_errors(), "{} should be rejected", case.name);
    assert!(
        compiled.tree.is_none(),
        "{}: nothing may be rendered",
        case.name
    );
    for d in &compiled.diagnostics {
        assert!(
            !d.labels.is_empty() || FILE_LEVEL.contains(&d.code),
            "{}: diagnostic without a span: {}",
            case.name,
            d.message
        );
    }
    render_text(&compiled.diagnostics, &compiled.sources, false)
}

#[test]
fn base_spec_is_valid() {
    let base = manifest_dir().join("tests/bad-specs/base");
    let compiled = compile(Utf8Path::from_path(&base).expect("utf8"), None);
    let text = render_text(&compiled.diagnostics, &compiled.sources, false);
    assert!(compiled.diagnostics.is_empty(), "{text}");
    assert!(compiled.tree.is_some());
}

#[test]
fn the_corpus_is_big_enough() {
    let n = case_dirs("tests/bad-specs").len() + case_dirs("tests/bad-darwin").len();
    assert!(n >= MIN_CASES, "only {n} bad specs");
}

#[test]
fn every_bad_spec_is_reported() {
    with_big_stack(|| {
        insta::glob!("bad-specs/*", |case| {
            if case.ends_with("base") || !case.is_dir() {
                return;
            }
            let text = check_library(&assemble(case));
            insta::assert_snapshot!(text);
        });
    });
}

#[test]
fn every_bad_darwin_spec_is_reported() {
    with_big_stack(|| {
        insta::glob!("bad-darwin/*", |case| {
            if !case.is_dir() {
                return;
            }
            let text = check_library(&assemble_darwin(case));
            assert!(text.contains("darwin.nix"), "{}: {text}", case.display());
            insta::assert_snapshot!(text);
        });
    });
}

#[test]
fn every_generated_bad_input_is_reported() {
    with_big_stack(|| {
        for case in generated_cases() {
            let text = check_library(&case);
            // A spec path that is not a directory is named as given.
            let root = case.tmp.path().to_string_lossy().into_owned();
            let text = text.replace(&root, "<tmp>");
            insta::assert_snapshot!(format!("generated@{}", case.name), text);
        }
    });
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

fn run_binary(args: &[&Path]) -> Run {
    let bin = env!("CARGO_BIN_EXE_devbox-gen");
    let limited = support::tool("prlimit").map(|prlimit| {
        let mut c = Command::new(prlimit);
        c.arg(MEMORY_LIMIT).arg("--").arg(bin);
        c
    });
    let mut cmd = limited.unwrap_or_else(|| Command::new(bin));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("run devbox-gen");
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut s);
        s
    });
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code,
        stderr: reader.join().unwrap_or_default(),
        elapsed: start.elapsed(),
    }
}

#[test]
fn every_bad_input_fails_cleanly_through_the_binary() {
    let cases = all_cases();
    assert!(cases.len() >= MIN_CASES + 10);
    let mut failures = Vec::new();
    for case in &cases {
        let out = case.tmp.path().join("out");
        let r = run_binary(&[Path::new("render"), &case.spec, Path::new("--out"), &out]);
        let mut why = Vec::new();
        if r.elapsed > TIMEOUT {
            why.push(format!("killed after {TIMEOUT:?}"));
        } else if r.code != Some(2) {
            why.push(format!("exit {:?}, not 2", r.code));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("internal error") {
            why.push("panicked".into());
        }
        let has_span = r.stderr.contains("╭─[");
        let file_level = FILE_LEVEL.iter().any(|c| r.stderr.starts_with(c));
        if !has_span && !file_level {
            why.push("no diagnostic with a span".into());
        }
        if !r.stderr.contains("nothing was written") {
            why.push("no `nothing was written` line".into());
        }
        if out.exists() {
            why.push("wrote the output directory".into());
        }
        if !why.is_empty() {
            failures.push(format!("{}: {}\n{}", case.name, why.join(", "), r.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every `.nix` file of `from` copied to `to` with CRLF line endings (other
/// files, data that `readFile` reads, are copied as they are).
fn copy_as_crlf(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let p = entry.expect("entry").path();
        let dest = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_as_crlf(&p, &dest);
        } else if p.extension().is_some_and(|e| e == "nix") {
            let text = fs::read_to_string(&p).expect("read");
            assert!(!text.contains('\r'));
            fs::write(&dest, text.replace('\n', "\r\n")).expect("write");
        } else {
            fs::copy(&p, &dest).expect("copy");
        }
    }
}

fn tree_bytes(dir: &Path, rel: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let r = rel.join(p.file_name().expect("name"));
        if p.is_dir() {
            tree_bytes(&p, &r, out);
        } else {
            out.push((r, fs::read(&p).expect("read")));
        }
    }
}

#[test]
fn crlf_spec_renders_exactly_like_its_lf_twin() {
    let tmp = tempfile::tempdir().expect("tmp");
    let example = manifest_dir().join("examples/team");
    let crlf = tmp.path().join("crlf");
    copy_as_crlf(&example, &crlf);
    let mut trees = Vec::new();
    for (spec, out) in [(example.as_path(), "out-lf"), (crlf.as_path(), "out-crlf")] {
        let out = tmp.path().join(out);
        let o = Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
            .arg("render")
            .arg(spec)
            .arg("--out")
            .arg(&out)
            .env("NO_COLOR", "1")
            .output()
            .expect("run");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut files = Vec::new();
        tree_bytes(&out, Path::new(""), &mut files);
        trees.push(files);
    }
    assert!(trees[0].len() > 10);
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&trees[0]), names(&trees[1]));
    for ((path, lf), (_, crlf)) in trees[0].iter().zip(&trees[1]) {
        assert!(
            lf == crlf,
            "{} differs:\n--- LF\n{}\n--- CRLF\n{}",
            path.display(),
            String::from_utf8_lossy(lf),
            String::from_utf8_lossy(crlf)
        );
    }
}
