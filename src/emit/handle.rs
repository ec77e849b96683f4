//! The output directory through directory handles. Every file operation
//! under `--out` is relative to a handle of its directory, each opened from
//! its parent's handle with `O_NOFOLLOW`: a symlink in the tree (git can
//! commit one, a user can plant one) is refused by name instead of being
//! followed out of the output directory. Files are read with `O_NOFOLLOW`,
//! staged under random names created exclusively (`O_EXCL` never follows a
//! link), renamed and unlinked within their directory, which never follows
//! a link either.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Mutex, OnceLock};

use camino::{Utf8Path, Utf8PathBuf};
use rustix::fs::{self as rfs, AtFlags, FileType, FlockOperation, Mode, OFlags};
use rustix::io::Errno;

use super::EmitError;
use super::out_dir::resolve;
use super::tree::{FileMode, split};

use crate::parallel;

const DIR: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// What a path under the output directory holds.
#[derive(Debug)]
pub(super) enum Found {
    Missing,
    /// A regular file: its bytes and permission bits.
    File(Vec<u8>, u32),
    /// A directory, FIFO, socket or device.
    NotAFile,
}

pub(super) type State = Result<Found, EmitError>;

/// The suffix of a staging file, after a random part: `.<name>.<random>.devbox-gen.tmp`.
const STAGING_SUFFIX: &str = ".devbox-gen.tmp";

/// Whether `name` is a staging file of a render: this version's shape, or
/// the `.<name>.devbox-gen-<pid>.tmp` of earlier ones.
pub(super) fn is_staging(name: &str) -> bool {
    let old = || {
        name.strip_suffix(".tmp")
            .and_then(|s| s.rsplit_once(".devbox-gen-"))
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    name.starts_with('.') && (name.ends_with(STAGING_SUFFIX) || old())
}

/// The output directory, open; the handle every other one is opened from.
pub(super) struct Root {
    fd: OwnedFd,
    /// As the user named it: for messages.
    out: Utf8PathBuf,
}

impl Root {
    /// Opens `out`, resolved through the file system; `None` when it does
    /// not exist and `created` is `None`. Otherwise the missing directories
    /// are created and pushed onto `created`, outermost first.
    pub(super) fn open(
        out: &Utf8Path,
        created: Option<&mut Vec<Utf8PathBuf>>,
    ) -> Result<Option<Root>, EmitError> {
        let real = resolve(out);
        if let Some(created) = created {
            let mut missing = Vec::new();
            let mut dir = real.as_path();
            while fs::symlink_metadata(dir).is_err() {
                missing.push(dir.to_owned());
                match dir.parent() {
                    Some(parent) => dir = parent,
                    None => break,
                }
            }
            for dir in missing.into_iter().rev() {
                match fs::create_dir(&dir) {
                    Ok(()) => created.push(dir),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io_error(out, e)),
                }
            }
        }
        match rfs::open(real.as_std_path(), DIR, Mode::empty()) {
            Ok(fd) => Ok(Some(Root {
                fd,
                out: out.to_owned(),
            })),
            Err(Errno::NOENT) => Ok(None),
            Err(Errno::LOOP) => Err(EmitError::Symlink(out.to_owned())),
            Err(e) => Err(io_error(out, e.into())),
        }
    }

    /// Waits for the lock on the output directory that serialises renders.
    pub(super) fn lock(&self, exclusive: bool) -> Result<(), EmitError> {
        let op = if exclusive {
            FlockOperation::LockExclusive
        } else {
            FlockOperation::LockShared
        };
        rfs::flock(&self.fd, op).map_err(|e| io_error(&self.out, e.into()))
    }

    /// `rel` as the user sees it: under the output directory they named.
    pub(super) fn path(&self, rel: &str) -> Utf8PathBuf {
        if rel.is_empty() {
            self.out.clone()
        } else {
            self.out.join(rel)
        }
    }

    fn io(&self, rel: &str, e: impl Into<io::Error>) -> EmitError {
        io_error(&self.path(rel), e.into())
    }

    /// The error for `name` in `dir` that could not be opened: a symlink is
    /// refused by name.
    fn refusal(&self, dir: &OwnedFd, name: &str, rel: &str, e: Errno) -> EmitError {
        let link = matches!(e, Errno::LOOP | Errno::NOTDIR)
            && rfs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Symlink);
        if link {
            EmitError::Symlink(self.path(rel))
        } else {
            self.io(rel, e)
        }
    }

    /// What `name` in `dir` holds, read without following a symlink.
    pub(super) fn read(&self, dir: &OwnedFd, name: &str, rel: &str) -> State {
        // O_NONBLOCK: a FIFO planted at a generated path must not hang the run.
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
        let fd = match rfs::openat(dir, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(Found::Missing),
            Err(e) => return Err(self.refusal(dir, name, rel, e)),
        };
        let mut file = File::from(fd);
        let meta = file.metadata().map_err(|e| self.io(rel, e))?;
        if !meta.is_file() {
            return Ok(Found::NotAFile);
        }
        // `Take` reads without `File`'s own size probe (a second stat and a seek).
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        Read::take(&mut file, u64::MAX)
            .read_to_end(&mut bytes)
            .map_err(|e| self.io(rel, e))?;
        Ok(Found::File(bytes, meta.permissions().mode() & 0o777))
    }

    /// Writes `bytes` to a new staging file beside `name` in `dir` and
    /// returns the staging file's name.
    pub(super) fn stage(
        &self,
        dir: &OwnedFd,
        name: &str,
        rel: &str,
        bytes: &[u8],
        mode: FileMode,
    ) -> Result<String, EmitError> {
        let prefix = format!(".{name}.");
        // `make_in` draws the random names and retries on a name taken; the
        // file is created relative to `dir`, so the base path only carries
        // the name (and nothing is ever removed through it: cleanup is off).
        let made = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(STAGING_SUFFIX)
            .rand_bytes(8)
            .disable_cleanup(true)
            .make_in("/", |path| {
                let tmp = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
                let flags = OFlags::WRONLY
                    | OFlags::CREATE
                    | OFlags::EXCL
                    | OFlags::NOFOLLOW
                    | OFlags::CLOEXEC;
                let fd = rfs::openat(dir, tmp, flags, file_mode(mode))?;
                Ok((File::from(fd), tmp.to_owned()))
            })
            .map_err(|e| self.io(rel, e))?;
        let (mut file, tmp) = made.into_parts().0;
        let written = (|| -> io::Result<()> {
            file.write_all(bytes)?;
            // Created with its mode; set it again only when the umask took bits away.
            if umask().is_none_or(|u| u & mode.bits() != 0) {
                file.set_permissions(fs::Permissions::from_mode(mode.bits()))?;
            }
            Ok(())
        })();
        match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                let _ = rfs::unlinkat(dir, tmp.as_str(), AtFlags::empty());
                Err(self.io(rel, e))
            }
        }
    }

    /// Renames `from` to `to` within `dir` (replacing a symlink at `to`, never following it).
    pub(super) fn rename(
        &self,
        dir: &OwnedFd,
        from: &str,
        to: &str,
        rel: &str,
    ) -> Result<(), EmitError> {
        rfs::renameat(dir, from, dir, to).map_err(|e| self.io(rel, e))
    }

    pub(super) fn unlink(&self, dir: &OwnedFd, name: &str, rel: &str) -> Result<(), EmitError> {
        rfs::unlinkat(dir, name, AtFlags::empty()).map_err(|e| self.io(rel, e))
    }

    /// Removes directory `rel` and then each parent up to (not including)
    /// the root, as long as they are empty.
    pub(super) fn remove_empty_dirs(&self, rel: &str) {
        let mut walker = Walker::new(self);
        let mut rel = rel;
        while !rel.is_empty() {
            let (parent, name) = split(rel);
            let Ok(Some(dir)) = walker.dir(parent, None) else {
                return;
            };
            if rfs::unlinkat(dir, name, AtFlags::REMOVEDIR).is_err() {
                return;
            }
            rel = parent;
        }
    }

    /// Whether the root directory has no entries.
    pub(super) fn is_empty(&self) -> Result<bool, EmitError> {
        let mut buf = Vec::with_capacity(4096);
        rfs::seek(&self.fd, rfs::SeekFrom::Start(0)).map_err(|e| self.io("", e))?;
        let mut entries = rfs::RawDir::new(&self.fd, buf.spare_capacity_mut());
        while let Some(entry) = entries.next() {
            let entry = entry.map_err(|e| self.io("", e))?;
            if !matches!(entry.file_name().to_bytes(), b"." | b"..") {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Directory handles along one path at a time, each opened from its
/// parent's with `O_NOFOLLOW`: visiting directories in sorted order opens
/// each of them once.
pub(super) struct Walker<'r> {
    root: &'r Root,
    /// The open directories from the root's child down, with their paths.
    open: Vec<(String, OwnedFd)>,
}

impl<'r> Walker<'r> {
    pub(super) fn new(root: &'r Root) -> Self {
        Walker {
            root,
            open: Vec::new(),
        }
    }

    /// Directory `rel` (`""`: the root), never reached through a symlink.
    /// `None` when a component is missing and `created` is `None`; otherwise
    /// missing components are made and pushed onto `created`.
    pub(super) fn dir(
        &mut self,
        rel: &str,
        created: Option<&Mutex<Vec<String>>>,
    ) -> Result<Option<&OwnedFd>, EmitError> {
        while let Some((top, _)) = self.open.last() {
            let below = rel
                .strip_prefix(top.as_str())
                .is_some_and(|r| r.is_empty() || r.starts_with('/'));
            if below {
                break;
            }
            self.open.pop();
        }
        let mut end = self.open.last().map_or(0, |(top, _)| top.len());
        for name in rel[end..].split('/').filter(|c| !c.is_empty()) {
            end = if end == 0 {
                name.len()
            } else {
                end + 1 + name.len()
            };
            let so_far = &rel[..end];
            let root = self.root;
            let parent = self.open.last().map_or(&root.fd, |(_, fd)| fd);
            let next = match rfs::openat(parent, name, DIR, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) => {
                    let Some(created) = created else {
                        return Ok(None);
                    };
                    match rfs::mkdirat(parent, name, dir_mode()) {
                        Ok(()) => created
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(so_far.to_owned()),
                        Err(Errno::EXIST) => {}
                        Err(e) => return Err(root.io(so_far, e)),
                    }
                    rfs::openat(parent, name, DIR, Mode::empty())
                        .map_err(|e| root.refusal(parent, name, so_far, e))?
                }
                Err(e) => return Err(root.refusal(parent, name, so_far, e)),
            };
            self.open.push((so_far.to_owned(), next));
        }
        Ok(Some(self.open.last().map_or(&self.root.fd, |(_, fd)| fd)))
    }
}

/// `f` over `items` (sorted by directory) in chunks of neighbours that share
/// one [`Walker`], in parallel as [`parallel::map`] does; results in order.
pub(super) fn map_dirs<T: Sync, R: Send>(
    root: &Root,
    items: &[T],
    f: impl Fn(&mut Walker<'_>, &T) -> R + Sync,
) -> Vec<R> {
    // Up to 8 neighbours share a walker, but in chunks small enough that a
    // tree of 64 directories or more still has the 64 chunks `parallel::map`
    // needs to spread them over the cores.
    let chunk = (items.len() / 64).clamp(1, 8);
    let chunks: Vec<&[T]> = items.chunks(chunk).collect();
    parallel::map(&chunks, |chunk| {
        let mut walker = Walker::new(root);
        chunk
            .iter()
            .map(|item| f(&mut walker, item))
            .collect::<Vec<R>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

fn io_error(path: &Utf8Path, source: io::Error) -> EmitError {
    EmitError::Io {
        path: path.to_owned(),
        source,
    }
}

fn dir_mode() -> Mode {
    Mode::RWXU | Mode::RGRP | Mode::XGRP | Mode::ROTH | Mode::XOTH
}

fn file_mode(mode: FileMode) -> Mode {
    let read = Mode::RUSR | Mode::WUSR | Mode::RGRP | Mode::ROTH;
    match mode {
        FileMode::Regular => read,
        FileMode::Executable => read | Mode::XUSR | Mode::XGRP | Mode::XOTH,
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

/// What the output directory holds at the paths a render or check asks
/// about, read one directory handle at a time (directories in parallel),
/// with the staging files that interrupted renders left in those
/// directories.
#[derive(Default)]
pub(super) struct Survey {
    states: HashMap<String, State>,
    /// Relative paths of leftover staging files.
    pub(super) leftovers: BTreeSet<String>,
    scanned: BTreeSet<String>,
    /// The first directory that could not be opened (a symlink, an I/O error).
    pub(super) error: Option<EmitError>,
}

impl Survey {
    /// Reads the paths of `paths` not read yet; with `assume_missing`, takes
    /// every one as missing without asking (a new, empty directory).
    pub(super) fn read(&mut self, root: &Root, paths: &[&str], assume_missing: bool) {
        let mut by_dir: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for rel in paths {
            if !self.states.contains_key(*rel) {
                let (dir, name) = split(rel);
                by_dir.entry(dir).or_default().push(name);
            }
        }
        if assume_missing {
            for (dir, names) in by_dir {
                for name in names {
                    self.states.insert(join(dir, name), Ok(Found::Missing));
                }
            }
            return;
        }
        let groups: Vec<(&str, Vec<&str>, bool)> = by_dir
            .into_iter()
            .map(|(dir, names)| (dir, names, !self.scanned.contains(dir)))
            .collect();
        let results = map_dirs(root, &groups, |walker, (dir, names, scan)| {
            let Some(fd) = walker.dir(dir, None)? else {
                return Ok((
                    names.iter().map(|_| Ok(Found::Missing)).collect(),
                    Vec::new(),
                ));
            };
            let states: Vec<State> = names
                .iter()
                .map(|name| root.read(fd, name, &join(dir, name)))
                .collect();
            let leftovers = if *scan { staging_files(fd) } else { Vec::new() };
            Ok::<_, EmitError>((states, leftovers))
        });
        for ((dir, names, _), result) in groups.iter().zip(results) {
            self.scanned.insert((*dir).to_owned());
            match result {
                Ok((states, leftovers)) => {
                    for (name, state) in names.iter().zip(states) {
                        self.states.insert(join(dir, name), state);
                    }
                    self.leftovers
                        .extend(leftovers.iter().map(|name| join(dir, name)));
                }
                Err(e) => {
                    self.error.get_or_insert(e);
                }
            }
        }
    }

    /// What was read at `rel` (missing when it was not asked about).
    pub(super) fn take(&mut self, rel: &str) -> State {
        self.states.remove(rel).unwrap_or(Ok(Found::Missing))
    }

    pub(super) fn get(&self, rel: &str) -> Option<&State> {
        self.states.get(rel)
    }
}

/// The staging files (and symlinks by their names) in `dir`.
fn staging_files(dir: &OwnedFd) -> Vec<String> {
    // From the start: the handle may have been listed before (the root).
    if rfs::seek(dir, rfs::SeekFrom::Start(0)).is_err() {
        return Vec::new();
    }
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut entries = rfs::RawDir::new(dir, buf.spare_capacity_mut());
    let mut found = Vec::new();
    while let Some(Ok(e)) = entries.next() {
        if e.file_type() == FileType::Directory {
            continue;
        }
        if let Ok(name) = e.file_name().to_str()
            && is_staging(name)
        {
            found.push(name.to_owned());
        }
    }
    found
}

pub(super) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_of_this_and_earlier_versions_are_recognised() {
        for yes in [
            ".unit.container.Ab3dE9xq.devbox-gen.tmp",
            ".devbox-gen.json.devbox-gen-4242.tmp",
            ".x.devbox-gen-1.tmp",
        ] {
            assert!(is_staging(yes), "{yes}");
        }
        for no in [
            "unit.container.devbox-gen.tmp",
            ".devbox-gen.json",
            ".x.devbox-gen-.tmp",
            ".x.devbox-gen-12a.tmp",
            ".notes.tmp",
        ] {
            assert!(!is_staging(no), "{no}");
        }
    }

    /// Staging creates a new file under a name nobody holds, relative to the
    /// directory handle: a symlink in the way is never written through.
    #[test]
    fn staging_creates_a_fresh_file_with_its_mode() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Utf8Path::from_path(dir.path()).expect("utf8");
        let root = Root::open(out, None).expect("open").expect("exists");
        let mut walker = Walker::new(&root);
        let fd = walker.dir("", None).expect("dir").expect("root");
        let a = root
            .stage(fd, "unit", "unit", b"one", FileMode::Executable)
            .expect("stage");
        let b = root
            .stage(fd, "unit", "unit", b"two", FileMode::Regular)
            .expect("stage");
        assert_ne!(a, b, "random names");
        assert!(is_staging(&a) && a.starts_with(".unit."), "{a}");
        assert_eq!(fs::read(out.join(&a)).expect("a"), b"one");
        let bits = |n: &str| {
            fs::metadata(out.join(n))
                .expect("meta")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!((bits(&a), bits(&b)), (0o755, 0o644));
    }
}
