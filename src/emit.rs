//! Emitting the tree: write only what changed (mtimes of the rest kept), each
//! file through a temporary file renamed into place; or, for `--check`, compare
//! and report unified diffs.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use camino::{Utf8Path, Utf8PathBuf};
use similar::{Algorithm, TextDiff};

use crate::diagnostics::Diagnostic;

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
}

/// The generated tree in memory: relative path → contents. Sorted, so every
/// consumer (writer, checker, snapshots) sees the same order.
#[derive(Debug, Default, Clone)]
pub struct OutputTree {
    files: BTreeMap<Utf8PathBuf, (String, FileMode)>,
}

impl OutputTree {
    pub fn new(files: BTreeMap<Utf8PathBuf, (String, FileMode)>) -> Self {
        OutputTree { files }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Utf8PathBuf, &str, FileMode)> {
        self.files.iter().map(|(p, (c, m))| (p, c.as_str(), *m))
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
            let exec = if mode == FileMode::Executable { " (executable)" } else { "" };
            out.push_str(&format!("=== {path}{exec} ===\n{contents}"));
            if !contents.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

/// Refuses output directories that would overwrite the spec or the system.
pub fn check_out_dir(spec: &Utf8Path, out: &Utf8Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error("cli::out-dir", format!("refusing to write to `{out}`: {why}"))
            .with_help("choose a directory outside the spec directory, e.g. `--out ./generated`"))
    };
    let out_abs = absolute_lexical(out);
    if out_abs.as_str() == "/" {
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
}

impl fmt::Display for WriteSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.written + self.unchanged;
        write!(
            f,
            "{total} file{}: {} written, {} unchanged",
            if total == 1 { "" } else { "s" },
            self.written,
            self.unchanged
        )
    }
}

/// Writes every file whose bytes or mode differ; leaves the others untouched.
pub fn write(tree: &OutputTree, out: &Utf8Path) -> io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for (rel, contents, mode) in tree.iter() {
        let path = out.join(rel);
        let same_bytes = fs::read(&path).is_ok_and(|old| old == contents.as_bytes());
        let same_mode = fs::metadata(&path).is_ok_and(|m| m.permissions().mode() & 0o777 == mode.bits());
        if same_bytes && same_mode {
            summary.unchanged += 1;
            continue;
        }
        write_atomically(&path, contents.as_bytes(), mode)?;
        summary.written += 1;
    }
    Ok(summary)
}

/// Writes `bytes` next to `path` and renames it into place, so a reader never
/// sees half a file.
fn write_atomically(path: &Utf8Path, bytes: &[u8], mode: FileMode) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Utf8Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or("file");
    let tmp = dir.join(format!(".{name}.devbox-gen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.set_permissions(fs::Permissions::from_mode(mode.bits()))?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// What `--check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Stale files with their unified diff (on-disk → expected).
    pub stale: Vec<(Utf8PathBuf, String)>,
    pub missing: Vec<Utf8PathBuf>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty()
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (_, diff) in &self.stale {
            out.push_str(diff);
        }
        for path in &self.missing {
            out.push_str(&format!("missing: {path}\n"));
        }
        out.push_str(&format!(
            "{} stale, {} missing: run `devbox-gen render` without --check to update\n",
            self.stale.len(),
            self.missing.len()
        ));
        out
    }
}

pub fn check(tree: &OutputTree, out: &Utf8Path) -> io::Result<CheckReport> {
    let mut report = CheckReport::default();
    for (rel, contents, _) in tree.iter() {
        match fs::read(out.join(rel)) {
            Ok(old) if old == contents.as_bytes() => {}
            Ok(old) => {
                let old = String::from_utf8_lossy(&old);
                let diff = TextDiff::configure()
                    .algorithm(Algorithm::Patience)
                    .timeout(Duration::from_millis(100))
                    .diff_lines(old.as_ref(), contents)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{rel}"), &format!("b/{rel}"))
                    .to_string();
                report.stale.push((rel.clone(), diff));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => report.missing.push(rel.clone()),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
