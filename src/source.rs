//! Source files and spans: every value and diagnostic points back into one of these.

use std::cell::RefCell;
use std::rc::Rc;

use camino::{Utf8Path, Utf8PathBuf};
use rnix::TextRange;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: TextRange) -> Self {
        Span {
            file,
            start: u32::from(range.start()),
            end: u32::from(range.end()),
        }
    }

    /// An empty span at the start of a file, for file-level problems.
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct SourceFile {
    /// Where it was read from (used to resolve relative paths and imports).
    pub path: Utf8PathBuf,
    /// How diagnostics name it: relative to the spec directory, so reports and
    /// snapshots never contain a path of the build machine.
    pub name: String,
    pub text: Rc<str>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files of one run. Imports add files while evaluation goes on, hence the
/// interior mutability; files are never removed, so a `FileId` stays valid.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: RefCell<Vec<Rc<SourceFile>>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&self, path: Utf8PathBuf, name: String, text: Rc<str>) -> FileId {
        let mut files = self.files.borrow_mut();
        let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
        files.push(Rc::new(SourceFile { path, name, text }));
        id
    }

    pub fn get(&self, id: FileId) -> Rc<SourceFile> {
        Rc::clone(&self.files.borrow()[id.0 as usize])
    }

    /// Every file loaded so far, indexed by the `FileId`.
    pub fn files(&self) -> Vec<Rc<SourceFile>> {
        self.files.borrow().clone()
    }

    pub fn find(&self, path: &Utf8Path) -> Option<FileId> {
        self.files
            .borrow()
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }
}

/// Reads a file that must be a regular file of at most `max` bytes: a FIFO,
/// a device, a socket or a directory is refused without blocking (the open is
/// non-blocking, the type checked on the open descriptor), and a longer file is
/// refused after reading `max + 1` bytes, never loaded whole.
pub fn read_regular(path: &std::path::Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a directory"
        } else {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_fifo() {
                "a FIFO"
            } else if t.is_char_device() || t.is_block_device() {
                "a device"
            } else if t.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        };
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it is {kind}, not a regular file"),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(max)).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::new(
            ErrorKind::FileTooLarge,
            format!("it is larger than devbox-gen's limit of {max} bytes"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_regular_refuses_fifos_devices_directories_and_big_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        // Would block forever in a plain open(): nobody writes to the FIFO.
        let e = read_regular(&fifo, 10).expect_err("a FIFO");
        assert!(e.to_string().contains("FIFO"), "{e}");
        let e = read_regular(std::path::Path::new("/dev/zero"), 10).expect_err("a device");
        assert!(e.to_string().contains("device"), "{e}");
        let e = read_regular(dir.path(), 10).expect_err("a directory");
        assert!(e.to_string().contains("directory"), "{e}");
        let big = dir.path().join("big");
        std::fs::write(&big, "x".repeat(11)).expect("write");
        assert!(read_regular(&big, 10).is_err());
        assert_eq!(read_regular(&big, 11).expect("fits").len(), 11);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let map = SourceMap::new();
        let id = map.add("a.nix".into(), "a.nix".into(), "é = 1;\n  x".into());
        let f = map.get(id);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(2), (1, 2));
        assert_eq!(f.line_col(10), (2, 3));
    }
}
