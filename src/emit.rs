//! Emitting the tree. `write` changes only what differs (mtimes of the rest are
//! kept), never touches a file it did not generate, prunes what an earlier
//! render generated and the spec no longer needs, and is all-or-nothing: every
//! new file is first written beside its target, and only when all of them are
//! written are they renamed into place. An exclusive lock on the output
//! directory serialises concurrent renders. `check` compares without writing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::sync::OnceLock;
use std::time::Duration;

use camino::{Utf8Path, Utf8PathBuf};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use similar::{Algorithm, TextDiff};

use crate::diagnostics::Diagnostic;
use crate::parallel;

/// The manifest of the generated files, inside the output directory.
pub const MANIFEST: &str = ".devbox-gen.json";
const GENERATOR: &str = concat!("devbox-gen ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileMode {
    Regular,
    Executable,
}

impl FileMode {
    fn bits(self) -> u32 {
        match self {
            FileMode::Regular => 0o644,
            FileMode::Executable => 0o755,
        }
    }

    /// Does a file on disk with permission `bits` have this mode? Only the executable
    /// bit counts: it is all of the mode git records, so a checkout under umask 002
    /// (0664) or a copy in the Nix store (0444/0555) of a committed tree is up to date.
    fn matches(self, bits: u32) -> bool {
        (bits & 0o111 != 0) == (self == FileMode::Executable)
    }
}

/// A path in the generated tree, relative to its root. Sorted as `Utf8Path`
/// sorts (component by component) for the plain relative paths a tree holds
/// (no `.`, `..` or empty components; see [`stays_inside`]), but with one
/// pass over the bytes in which `/` sorts below every other byte: comparing
/// `Utf8Path`s parses both into components first, which made ordering the
/// tree's map a tenth of a render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TreePath(Utf8PathBuf);

impl TreePath {
    pub fn as_path(&self) -> &Utf8Path {
        &self.0
    }
}

impl<P: Into<Utf8PathBuf>> From<P> for TreePath {
    fn from(path: P) -> Self {
        TreePath(path.into())
    }
}

impl std::ops::Deref for TreePath {
    type Target = Utf8Path;
    fn deref(&self) -> &Utf8Path {
        &self.0
    }
}

impl Ord for TreePath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.0.as_str().as_bytes(), other.0.as_str().as_bytes());
        let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
        match (a.get(same), b.get(same)) {
            (Some(&x), Some(&y)) => rank(x).cmp(&rank(y)),
            _ => a.len().cmp(&b.len()),
        }
    }
}

impl PartialOrd for TreePath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The generated tree in memory: relative path → contents. Sorted, so every
/// consumer (writer, checker, snapshots) sees the same order.
#[derive(Debug, Default, Clone)]
pub struct OutputTree {
    files: BTreeMap<TreePath, (String, FileMode)>,
}

impl OutputTree {
    pub fn new(files: BTreeMap<TreePath, (String, FileMode)>) -> Self {
        OutputTree { files }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Utf8Path, &str, FileMode)> {
        self.files
            .iter()
            .map(|(p, (c, m))| (p.as_path(), c.as_str(), *m))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The whole tree as one text: `=== path ===` blocks (snapshots, debugging).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (path, contents, mode) in self.iter() {
            let exec = if mode == FileMode::Executable {
                " (executable)"
            } else {
                ""
            };
            out.push_str(&format!("=== {path}{exec} ===\n{contents}"));
            if !contents.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }

    fn manifest(&self) -> Manifest {
        let entries: Vec<_> = self.files.iter().collect();
        let digests = parallel::map(&entries, |(_, (c, _))| sha256_hex(c.as_bytes()));
        Manifest {
            generator: GENERATOR.to_owned(),
            files: entries
                .iter()
                .map(|(p, _)| p.to_string())
                .zip(digests)
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    generator: String,
    /// Relative path → sha256 of the contents, sorted.
    files: BTreeMap<String, String>,
}

impl Manifest {
    fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

/// Why the tree could not be written or checked.
#[derive(Debug)]
pub enum EmitError {
    Io {
        path: Utf8PathBuf,
        source: io::Error,
    },
    /// Files in the way that devbox-gen did not generate.
    NotOurs(Vec<Utf8PathBuf>),
    BadManifest {
        path: Utf8PathBuf,
        reason: String,
    },
    /// Tree paths that would leave the output directory (absolute, `..`, NUL):
    /// validation rejects every name that could make one, so this is a bug.
    OutsideOut(Vec<Utf8PathBuf>),
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Io { path, source } => write!(f, "{path}: {source}"),
            EmitError::NotOurs(paths) => {
                write!(
                    f,
                    "refusing to overwrite files devbox-gen did not generate:"
                )?;
                for p in paths {
                    write!(f, "\n  {p}")?;
                }
                write!(
                    f,
                    "\nmove them away (or render into another directory) and run again"
                )
            }
            EmitError::BadManifest { path, reason } => write!(
                f,
                "{path} is not a devbox-gen manifest ({reason}); without it devbox-gen cannot tell its files from yours"
            ),
            EmitError::OutsideOut(paths) => {
                write!(f, "internal error: paths that leave the output directory:")?;
                for p in paths {
                    write!(f, "\n  {p:?}")?;
                }
                Ok(())
            }
        }
    }
}

fn io_err(path: &Utf8Path) -> impl FnOnce(io::Error) -> EmitError + '_ {
    move |source| EmitError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Refuses output directories that would overwrite the spec or the system.
pub fn check_out_dir(spec: &Utf8Path, out: &Utf8Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "cli::out-dir",
            format!("refusing to write to `{out}`: {why}"),
        )
        .with_help("choose a directory outside the spec directory, e.g. `--out ./generated`"))
    };
    let out_abs = absolute_lexical(out);
    if out_abs.as_str() == "/" || real_prefix(&out_abs).as_str() == "/" {
        return refuse("it is the root directory");
    }
    let spec_abs = absolute_lexical(spec);
    let spec_real = spec.canonicalize_utf8().unwrap_or(spec_abs.clone());
    let out_real = real_prefix(&out_abs);
    for s in [&spec_abs, &spec_real] {
        if out_abs.starts_with(s) || out_real.starts_with(s) {
            return refuse("it is inside the spec directory");
        }
    }
    Ok(())
}

/// `p` made absolute and `.`/`..` resolved without touching the file system.
fn absolute_lexical(p: &Utf8Path) -> Utf8PathBuf {
    let base = std::env::current_dir()
        .ok()
        .and_then(|d| Utf8PathBuf::from_path_buf(d).ok())
        .unwrap_or_else(|| Utf8PathBuf::from("/"));
    let mut out = Utf8PathBuf::from("/");
    for c in base.join(p).components() {
        match c {
            camino::Utf8Component::ParentDir => {
                out.pop();
            }
            camino::Utf8Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

/// The longest existing prefix of `p` resolved through symlinks, plus the rest.
fn real_prefix(p: &Utf8Path) -> Utf8PathBuf {
    let mut existing = p.to_owned();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(str::to_owned), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_owned();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize_utf8().unwrap_or(existing);
    for name in rest.iter().rev() {
        real.push(name);
    }
    real
}

#[derive(Debug, Default)]
pub struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl fmt::Display for WriteSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.written + self.unchanged;
        write!(
            f,
            "{total} file{}: {} written, {} unchanged, {} removed",
            if total == 1 { "" } else { "s" },
            self.written,
            self.unchanged,
            self.removed
        )
    }
}

/// The previous render's manifest: `None` when there is none.
/// Whether a relative tree path stays inside the output directory: not
/// empty, not absolute, every component a plain name (no `..`, `.`, empty
/// component) and no NUL. The last line of defence behind validation, which
/// rejects every name that could make such a path.
pub fn stays_inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Refuses a tree with a path that would leave the output directory.
fn guard(tree: &OutputTree) -> Result<(), EmitError> {
    let bad: Vec<Utf8PathBuf> = tree
        .files
        .keys()
        .filter(|p| !stays_inside(p.as_str()))
        .map(|p| p.as_path().to_owned())
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(EmitError::OutsideOut(bad))
    }
}

fn read_manifest(out: &Utf8Path) -> Result<Option<Manifest>, EmitError> {
    let path = out.join(MANIFEST);
    // A FIFO or device in its place must not block the render (nor a huge file fill memory).
    match crate::source::read_regular(path.as_std_path(), 64 << 20) {
        Ok(bytes) => {
            let manifest: Manifest =
                serde_json::from_slice(&bytes).map_err(|e| EmitError::BadManifest {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
            // Pruning deletes what the manifest lists: an edited manifest must
            // not name a file outside the output directory.
            if let Some(bad) = manifest.files.keys().find(|rel| !stays_inside(rel)) {
                return Err(EmitError::BadManifest {
                    path,
                    reason: format!("{bad:?} is outside the output directory"),
                });
            }
            Ok(Some(manifest))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::FileTooLarge
            ) =>
        {
            Err(EmitError::BadManifest {
                path,
                reason: e.to_string(),
            })
        }
        Err(e) => Err(io_err(&path)(e)),
    }
}

/// Holds an exclusive lock on the output directory for the life of a render.
fn lock_dir(out: &Utf8Path, exclusive: bool) -> Result<fs::File, EmitError> {
    let dir = fs::File::open(out).map_err(io_err(out))?;
    let locked = if exclusive {
        dir.lock()
    } else {
        dir.lock_shared()
    };
    locked.map_err(io_err(out))?;
    Ok(dir)
}

fn current_state(path: &Utf8Path) -> io::Result<Option<(Vec<u8>, u32)>> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(Some((fs::read(path)?, m.permissions().mode() & 0o777))),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "not a regular file",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

type DiskState = io::Result<Option<(Vec<u8>, u32)>>;

/// Every file of the tree with what `out` holds at its path: taken from the
/// snapshot when it was read ahead, otherwise read now, in parallel.
fn on_disk<'t>(
    tree: &'t OutputTree,
    out: &Utf8Path,
    snapshot: &mut Snapshot,
) -> Vec<((&'t Utf8Path, &'t str, FileMode), DiskState)> {
    let entries: Vec<_> = tree.iter().collect();
    let known: Vec<Option<DiskState>> = entries
        .iter()
        .map(|(rel, _, _)| snapshot.states.remove(rel.as_str()))
        .collect();
    let unknown: Vec<&Utf8Path> = entries
        .iter()
        .zip(&known)
        .filter(|(_, k)| k.is_none())
        .map(|((rel, _, _), _)| *rel)
        .collect();
    let mut read_now = if snapshot.empty {
        Vec::new()
    } else {
        parallel::map(&unknown, |rel| current_state(&out.join(rel)))
    }
    .into_iter();
    let states = known
        .into_iter()
        .map(|k| k.unwrap_or_else(|| read_now.next().unwrap_or(Ok(None))));
    entries.into_iter().zip(states).collect()
}

/// The output directory as it was before this run, read ahead on a thread of
/// its own while the spec compiles (the compiler's front end uses one core),
/// under the lock that the later write or check needs, so nothing we honour
/// can change it in between.
pub struct Prefetch(Option<std::thread::JoinHandle<Snapshot>>);

#[derive(Default)]
struct Snapshot {
    /// Held from the read until the write or check is done.
    lock: Option<(fs::File, bool)>,
    /// `None` when nothing was read ahead.
    manifest: Option<Result<Option<Manifest>, EmitError>>,
    /// What each file the old manifest lists holds, by relative path.
    states: HashMap<String, DiskState>,
    /// `out` was found empty under the lock: no file need be looked for.
    empty: bool,
}

impl Prefetch {
    /// Reads nothing ahead: `write` and `check` read when they run.
    pub fn none() -> Prefetch {
        Prefetch(None)
    }

    /// Starts reading `out` and the files its manifest lists; `exclusive` is
    /// the lock a write takes (a check takes a shared one).
    pub fn start(out: &Utf8Path, exclusive: bool) -> Prefetch {
        if !out.is_dir() {
            return Prefetch(None);
        }
        let out = out.to_owned();
        let reader = std::thread::Builder::new()
            .name("devbox-gen-prefetch".into())
            .spawn(move || read_ahead(&out, exclusive));
        Prefetch(reader.ok())
    }

    fn finish(self) -> Snapshot {
        self.0.and_then(|h| h.join().ok()).unwrap_or_default()
    }
}

fn read_ahead(out: &Utf8Path, exclusive: bool) -> Snapshot {
    // Whatever fails here is tried again, and reported, by the write or check.
    let Ok(lock) = lock_dir(out, exclusive) else {
        return Snapshot::default();
    };
    let manifest = read_manifest(out);
    let states = match &manifest {
        Ok(Some(m)) => m
            .files
            .keys()
            .map(|rel| (rel.clone(), current_state(&out.join(rel))))
            .collect(),
        _ => HashMap::new(),
    };
    Snapshot {
        lock: Some((lock, exclusive)),
        manifest: Some(manifest),
        states,
        empty: false,
    }
}

impl Snapshot {
    /// The lock read ahead under, or a fresh one of the kind wanted.
    fn lock(&mut self, out: &Utf8Path, exclusive: bool) -> Result<fs::File, EmitError> {
        match self.lock.take() {
            Some((lock, kind)) if kind == exclusive => Ok(lock),
            _ => lock_dir(out, exclusive),
        }
    }

    fn manifest(&mut self, out: &Utf8Path) -> Result<Option<Manifest>, EmitError> {
        self.manifest.take().unwrap_or_else(|| read_manifest(out))
    }
}

/// Writes the tree into `out`; see the module comment for the guarantees.
pub fn write(tree: &OutputTree, out: &Utf8Path) -> Result<WriteSummary, EmitError> {
    write_prefetched(tree, out, Prefetch::none())
}

/// [`write`], with what `out` held read ahead by [`Prefetch::start`]`(out, true)`.
pub fn write_prefetched(
    tree: &OutputTree,
    out: &Utf8Path,
    prefetch: Prefetch,
) -> Result<WriteSummary, EmitError> {
    guard(tree)?;
    let mut snapshot = prefetch.finish();
    fs::create_dir_all(out).map_err(io_err(out))?;
    let _lock = snapshot.lock(out, true)?;
    let old = snapshot.manifest(out)?;
    // A new (or empty) directory: every file is missing, no need to ask.
    snapshot.empty = old.is_none() && fs::read_dir(out).map_err(io_err(out))?.next().is_none();
    let ours = |rel: &str| old.as_ref().is_some_and(|m| m.files.contains_key(rel));

    let mut summary = WriteSummary::default();
    let mut changed: Vec<(Utf8PathBuf, &str, FileMode)> = Vec::new();
    let mut not_ours = Vec::new();
    for ((rel, contents, mode), state) in on_disk(tree, out, &mut snapshot) {
        let path = out.join(rel);
        match state {
            Ok(Some((bytes, bits))) if bytes == contents.as_bytes() => {
                if mode.matches(bits) {
                    summary.unchanged += 1;
                } else {
                    changed.push((path, contents, mode));
                }
            }
            Ok(Some(_)) if ours(rel.as_str()) => changed.push((path, contents, mode)),
            Ok(None) => changed.push((path, contents, mode)),
            Ok(Some(_)) | Err(_) => not_ours.push(path),
        }
    }
    if !not_ours.is_empty() {
        return Err(EmitError::NotOurs(not_ours));
    }
    let stale: Vec<Utf8PathBuf> = old
        .as_ref()
        .map(|m| {
            m.files
                .keys()
                .filter(|rel| !tree.files.contains_key(&TreePath::from(rel.as_str())))
                .map(|rel| out.join(rel))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();

    let manifest = tree.manifest().to_json();
    let manifest_path = out.join(MANIFEST);
    if fs::read(&manifest_path).ok().as_deref() != Some(manifest.as_bytes()) {
        changed.push((manifest_path, &manifest, FileMode::Regular));
    }

    // Phase 1: every new file beside its target. Any failure undoes them all.
    let dirs: BTreeSet<&Utf8Path> = changed.iter().filter_map(|(p, _, _)| p.parent()).collect();
    for dir in dirs {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let results = parallel::map(&changed, |(path, contents, mode)| {
        stage(path, contents.as_bytes(), *mode)
    });
    let mut staged: Vec<(Utf8PathBuf, Utf8PathBuf)> = Vec::new();
    let mut failure = None;
    for ((path, _, _), result) in changed.iter().zip(results) {
        match result {
            Ok(tmp) => staged.push((tmp, path.clone())),
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    if let Some(e) = failure {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    // Phase 2: renames within one directory each; the manifest goes last, so a
    // crash before it leaves a manifest that still names every file we own.
    let (manifest_rename, file_renames): (Vec<_>, Vec<_>) =
        staged.iter().partition(|(_, p)| p.ends_with(MANIFEST));
    for result in parallel::map(&file_renames, |(tmp, path)| {
        fs::rename(tmp, path).map_err(io_err(path))
    }) {
        result?;
    }
    for (tmp, path) in manifest_rename {
        fs::rename(tmp, path).map_err(io_err(path))?;
    }
    summary.written = staged.len() - usize::from(staged.iter().any(|(_, p)| p.ends_with(MANIFEST)));
    for path in &stale {
        fs::remove_file(path).map_err(io_err(path))?;
        summary.removed += 1;
        remove_empty_parents(path, out);
    }
    Ok(summary)
}

/// Writes a temporary file next to `path` (its directory exists) and returns
/// its name.
fn stage(path: &Utf8Path, bytes: &[u8], mode: FileMode) -> Result<Utf8PathBuf, EmitError> {
    static PID: OnceLock<u32> = OnceLock::new();
    let pid = *PID.get_or_init(std::process::id);
    let dir = path.parent().unwrap_or(Utf8Path::new("."));
    let name = path.file_name().unwrap_or("file");
    let tmp = dir.join(format!(".{name}.devbox-gen-{pid}.tmp"));
    let result = (|| {
        // A new file gets its mode as it is created when the umask keeps it
        // whole: one system call per file fewer than setting it afterwards. A
        // leftover temporary file (a crashed run of the same pid) takes the
        // long way.
        if umask().is_some_and(|u| u & mode.bits() == 0) {
            let created = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode.bits())
                .open(&tmp);
            match created {
                Ok(mut f) => return f.write_all(bytes),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.set_permissions(fs::Permissions::from_mode(mode.bits()))
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(io_err(&tmp)(e))
        }
    }
}

/// The process's umask, from `/proc/self/status` (Linux 4.7+); `None` where
/// that cannot be read, and then every mode is set explicitly.
fn umask() -> Option<u32> {
    static UMASK: OnceLock<Option<u32>> = OnceLock::new();
    *UMASK.get_or_init(|| {
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    })
}

/// Removes directories left empty by pruning, up to (not including) `out`.
fn remove_empty_parents(path: &Utf8Path, out: &Utf8Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// What `--check` found.
#[derive(Debug, Default, Serialize)]
pub struct CheckReport {
    /// Stale files with their unified diff (on disk → expected).
    pub stale: Vec<StaleFile>,
    pub missing: Vec<Utf8PathBuf>,
    /// Generated by an earlier render, no longer needed: `render` removes them.
    pub extra: Vec<Utf8PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct StaleFile {
    pub path: Utf8PathBuf,
    pub diff: String,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.stale {
            out.push_str(&f.diff);
        }
        for path in &self.missing {
            out.push_str(&format!("missing: {path}\n"));
        }
        for path in &self.extra {
            out.push_str(&format!(
                "extra: {path} (generated earlier, no longer needed)\n"
            ));
        }
        out.push_str(&format!(
            "{} stale, {} missing, {} extra: run `devbox-gen render` without --check to update\n",
            self.stale.len(),
            self.missing.len(),
            self.extra.len()
        ));
        out
    }
}

fn unified_diff(rel: &Utf8Path, old: &str, new: &str) -> String {
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(Duration::from_millis(100))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string()
}

/// Compares the tree with `out` without writing. Files devbox-gen did not
/// generate are ignored; a generated file edited by hand is stale.
pub fn check(tree: &OutputTree, out: &Utf8Path) -> Result<CheckReport, EmitError> {
    check_prefetched(tree, out, Prefetch::none())
}

/// [`check`], with what `out` held read ahead by [`Prefetch::start`]`(out, false)`.
pub fn check_prefetched(
    tree: &OutputTree,
    out: &Utf8Path,
    prefetch: Prefetch,
) -> Result<CheckReport, EmitError> {
    guard(tree)?;
    let mut snapshot = prefetch.finish();
    let mut report = CheckReport::default();
    let (_lock, old) = if out.is_dir() {
        (Some(snapshot.lock(out, false)?), snapshot.manifest(out)?)
    } else {
        (None, None)
    };
    for ((rel, contents, mode), state) in on_disk(tree, out, &mut snapshot) {
        let path = out.join(rel);
        match state {
            Ok(Some((bytes, bits))) if bytes == contents.as_bytes() => {
                if !mode.matches(bits) {
                    report.stale.push(StaleFile {
                        path: rel.to_owned(),
                        diff: format!("mode of {rel}: {bits:o}, expected {:o}\n", mode.bits()),
                    });
                }
            }
            Ok(Some((bytes, _))) => report.stale.push(StaleFile {
                path: rel.to_owned(),
                diff: unified_diff(rel, &String::from_utf8_lossy(&bytes), contents),
            }),
            Ok(None) => report.missing.push(rel.to_owned()),
            Err(e) => return Err(io_err(&path)(e)),
        }
    }
    let wanted: BTreeSet<&str> = tree.files.keys().map(|p| p.as_str()).collect();
    if let Some(m) = old {
        report.extra = m
            .files
            .keys()
            .filter(|rel| !wanted.contains(rel.as_str()) && out.join(rel).is_file())
            .map(Utf8PathBuf::from)
            .collect();
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_stay_inside() {
        for ok in [
            "a",
            "users/coal/quadlet/x.container",
            ".devbox-gen.json",
            "a/..b/c..",
        ] {
            assert!(stays_inside(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "..",
            "../x",
            "a/../../x",
            "a/./b",
            "./a",
            "a//b",
            "a/",
            "a\0b",
        ] {
            assert!(!stays_inside(bad), "{bad:?}");
        }
    }

    fn tree_of(files: &[(&str, &str, FileMode)]) -> OutputTree {
        OutputTree::new(
            files
                .iter()
                .map(|(p, c, m)| (TreePath::from(*p), ((*c).to_owned(), *m)))
                .collect(),
        )
    }

    /// `TreePath` orders plain relative paths exactly as `Utf8Path` does.
    #[test]
    fn tree_paths_sort_as_paths_do() {
        let parts = ["a", "a-b", "a.b", "ab", "b", "A", "a0", "_", "é"];
        let mut paths: Vec<String> = Vec::new();
        for x in parts {
            paths.push(x.to_owned());
            for y in parts {
                paths.push(format!("{x}/{y}"));
                for z in ["a", "b-c", "~"] {
                    paths.push(format!("{x}/{y}/{z}"));
                }
            }
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    TreePath::from(a.as_str()).cmp(&TreePath::from(b.as_str())),
                    Utf8Path::new(a).cmp(Utf8Path::new(b)),
                    "{a} vs {b}"
                );
            }
        }
    }

    /// A leftover temporary file of the same name (a crashed run with this
    /// pid) must not keep its mode or contents.
    #[test]
    fn staging_over_a_leftover_sets_mode_and_contents() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let target = root.join("unit.container");
        let leftover = root.join(format!(
            ".unit.container.devbox-gen-{}.tmp",
            std::process::id()
        ));
        fs::write(&leftover, "old and longer").expect("leftover");
        fs::set_permissions(&leftover, fs::Permissions::from_mode(0o600)).expect("chmod");
        let tmp = stage(&target, b"new", FileMode::Executable).expect("stage");
        assert_eq!(tmp, leftover);
        assert_eq!(fs::read_to_string(&tmp).expect("read"), "new");
        let bits = fs::metadata(&tmp).expect("meta").permissions().mode() & 0o777;
        assert_eq!(bits, 0o755);
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// Reading ahead changes when the old tree is read, never what is found.
    #[test]
    fn prefetched_write_and_check_agree_with_plain_ones() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Utf8Path::from_path(dir.path()).expect("utf8").join("out");
        let first = tree_of(&[
            ("a/keep", "same\n", FileMode::Regular),
            ("a/edit", "old\n", FileMode::Regular),
            ("b/gone", "bye\n", FileMode::Regular),
            ("run", "#!/bin/sh\n", FileMode::Executable),
        ]);
        write_prefetched(&first, &out, Prefetch::start(&out, true)).expect("first write");
        let second = tree_of(&[
            ("a/keep", "same\n", FileMode::Regular),
            ("a/edit", "new\n", FileMode::Regular),
            ("c/new", "hi\n", FileMode::Regular),
            ("run", "#!/bin/sh\n", FileMode::Regular),
        ]);
        let plain = check(&second, &out).expect("check");
        let ahead = check_prefetched(&second, &out, Prefetch::start(&out, false)).expect("check");
        assert_eq!(format!("{plain:?}"), format!("{ahead:?}"));
        let paths = |v: &[StaleFile]| v.iter().map(|f| f.path.to_string()).collect::<Vec<_>>();
        assert_eq!(paths(&ahead.stale), ["a/edit", "run"]);
        assert_eq!(ahead.missing, [Utf8PathBuf::from("c/new")]);
        assert_eq!(ahead.extra, [Utf8PathBuf::from("b/gone")]);

        let summary =
            write_prefetched(&second, &out, Prefetch::start(&out, true)).expect("second write");
        assert_eq!(
            (summary.written, summary.unchanged, summary.removed),
            (3, 1, 1)
        );
        assert!(
            check_prefetched(&second, &out, Prefetch::start(&out, false))
                .expect("check")
                .is_clean()
        );
        assert_eq!(
            fs::read_to_string(out.join("a/edit")).expect("edit"),
            "new\n"
        );
        assert!(!out.join("b").exists(), "pruned directory removed");
    }

    #[test]
    fn write_and_check_refuse_a_tree_that_leaves_out() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let out = root.join("out");
        for rel in ["../escaped", "/abs/escaped", "a/../../escaped"] {
            let tree = OutputTree::new(BTreeMap::from([(
                TreePath::from(rel),
                ("x".to_owned(), FileMode::Regular),
            )]));
            assert!(
                matches!(write(&tree, &out), Err(EmitError::OutsideOut(_))),
                "{rel}"
            );
            assert!(
                matches!(check(&tree, &out), Err(EmitError::OutsideOut(_))),
                "{rel}"
            );
        }
        assert!(!root.join("escaped").exists());
        assert!(!out.exists(), "nothing written, not even the directory");
    }

    #[test]
    fn a_manifest_naming_a_file_outside_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = Utf8Path::from_path(dir.path()).expect("utf8");
        let out = root.join("out");
        fs::create_dir_all(&out).expect("out");
        let victim = root.join("victim");
        fs::write(&victim, "keep me").expect("victim");
        fs::write(
            out.join(MANIFEST),
            r#"{ "generator": "devbox-gen", "files": { "../victim": "00" } }"#,
        )
        .expect("manifest");
        let tree = OutputTree::new(BTreeMap::from([(
            TreePath::from("a"),
            ("x".to_owned(), FileMode::Regular),
        )]));
        assert!(matches!(
            write(&tree, &out),
            Err(EmitError::BadManifest { .. })
        ));
        assert_eq!(fs::read_to_string(&victim).ok().as_deref(), Some("keep me"));
    }
}
