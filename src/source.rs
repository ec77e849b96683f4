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

    pub fn find(&self, path: &Utf8Path) -> Option<FileId> {
        self.files
            .borrow()
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
