//! What rnix parses slowly, refused before it parses: nesting deeper than
//! [`MAX_NESTING`] and runs of path characters longer than [`MAX_RUN`], found
//! by one linear scan of the text.

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// Nesting (brackets, `${`, chains of operators and applications) allowed
/// before parsing. rnix's tree builder hashes a chain of small nodes once per
/// level, so parse time grows with the square of the depth; the evaluator stops
/// at [`crate::eval::MAX_DEPTH`] anyway. Deeper than rnix's own 512-level
/// expression limit, so that one stays reachable.
pub const MAX_NESTING: usize = 1_000;
/// Longest run of path characters (`[A-Za-z0-9/_.+-]`) outside strings and
/// comments: rnix's tokenizer rescans such a run from every token in it.
pub const MAX_RUN: usize = 1_000;

#[derive(Clone, Copy, PartialEq)]
enum Level {
    /// Nix code; in a list (`list`) the items are siblings, elsewhere
    /// operators and applications chain.
    Code {
        list: bool,
    },
    Str,
    IndStr,
}

/// A linear scan for input that would make parsing slow: nesting deeper than
/// [`MAX_NESTING`] (estimated generously: every bracket, `${`, operator, word
/// and string in one expression adds a level; `;` and `,` end an expression)
/// or a run of path characters longer than [`MAX_RUN`] outside strings.
pub fn shape_problem(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut s = Scanner {
        b: text.as_bytes(),
        file,
        stack: vec![(Level::Code { list: false }, 0, 0)],
        i: 0,
    };
    while s.i < s.b.len() {
        let Some(&(level, base, chain)) = s.stack.last() else {
            break;
        };
        let depth = base + chain;
        let step = match level {
            Level::Str => s.in_string(depth),
            Level::IndStr => s.in_indented_string(depth),
            Level::Code { .. } => s.in_code(depth),
        };
        if let Err(d) = step {
            return Some(d);
        }
    }
    None
}

struct Scanner<'t> {
    b: &'t [u8],
    file: FileId,
    /// (level, depth at which it was opened, links in its current expression)
    stack: Vec<(Level, usize, usize)>,
    i: usize,
}

impl Scanner<'_> {
    fn at(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn span(&self, start: usize, len: usize) -> Span {
        let off = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Span {
            file: self.file,
            start: off(start),
            end: off(start + len),
        }
    }

    fn too_deep(&self, at: usize, len: usize) -> Diagnostic {
        Diagnostic::error(
            "syntax::too-deep",
            format!("expression nested more than {MAX_NESTING} levels deep"),
        )
        .with_label(self.span(at, len), "nesting limit reached here")
        .with_help("a spec is data: flatten it, or build deep values with functions such as `builtins.genList`")
    }

    fn too_long(&self, start: usize, len: usize) -> Diagnostic {
        Diagnostic::error(
            "syntax::too-long",
            format!("{len} characters without a space or bracket, more than {MAX_RUN}"),
        )
        .with_label(
            self.span(start, 1),
            "this run of names, numbers and operators is too long",
        )
        .with_help("separate the parts with spaces, or write long text as a string")
    }

    /// Opens a level one deeper than `depth` at the current position.
    fn open(&mut self, level: Level, depth: usize, len: usize) -> Result<(), Diagnostic> {
        if depth + 1 > MAX_NESTING {
            return Err(self.too_deep(self.i, len));
        }
        self.stack.push((level, depth + 1, 0));
        Ok(())
    }

    /// `n` more links in the chain of the current expression (outside lists).
    fn link(&mut self, n: usize, at: usize, len: usize) -> Result<(), Diagnostic> {
        if let Some(top) = self.stack.last_mut()
            && let (Level::Code { list: false, .. }, _, c) = top
        {
            *c += n;
            if top.1 + top.2 > MAX_NESTING {
                return Err(self.too_deep(at, len));
            }
        }
        Ok(())
    }

    fn in_string(&mut self, depth: usize) -> Result<(), Diagnostic> {
        match (self.b[self.i], self.at(1)) {
            (b'\\', _) | (b'$', Some(b'$')) => self.i += 2,
            (b'"', _) => {
                self.stack.pop();
                self.i += 1;
            }
            (b'$', Some(b'{')) => {
                self.open(Level::Code { list: false }, depth, 2)?;
                self.i += 2;
            }
            _ => self.i += 1,
        }
        Ok(())
    }

    fn in_indented_string(&mut self, depth: usize) -> Result<(), Diagnostic> {
        match (self.b[self.i], self.at(1)) {
            (b'\'', Some(b'\'')) => match self.at(2) {
                Some(b'$' | b'\'') => self.i += 3,
                Some(b'\\') => self.i += 4,
                _ => {
                    self.stack.pop();
                    self.i += 2;
                }
            },
            (b'$', Some(b'$')) => self.i += 2,
            (b'$', Some(b'{')) => {
                self.open(Level::Code { list: false }, depth, 2)?;
                self.i += 2;
            }
            _ => self.i += 1,
        }
        Ok(())
    }

    fn in_code(&mut self, depth: usize) -> Result<(), Diagnostic> {
        let c = self.b[self.i];
        match c {
            b'#' => {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            }
            b'/' if self.at(1) == Some(b'*') => {
                self.i += 2;
                while self.i < self.b.len() && !(self.b[self.i] == b'*' && self.at(1) == Some(b'/'))
                {
                    self.i += 1;
                }
                self.i += 2;
            }
            b'"' => {
                self.link(1, self.i, 1)?;
                self.stack.push((Level::Str, depth + 1, 0));
                self.i += 1;
            }
            b'\'' if self.at(1) == Some(b'\'') => {
                self.link(1, self.i, 2)?;
                self.stack.push((Level::IndStr, depth + 1, 0));
                self.i += 2;
            }
            b'(' | b'[' | b'{' => {
                self.open(Level::Code { list: c == b'[' }, depth, 1)?;
                self.i += 1;
            }
            b')' | b']' | b'}' => {
                // Unbalanced closers are the parser's to report.
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                self.i += 1;
            }
            b';' | b',' => {
                if let Some(top) = self.stack.last_mut() {
                    top.2 = 0;
                }
                self.i += 1;
            }
            c if is_path_byte(c) => self.path_run()?,
            c if c.is_ascii_whitespace() => self.i += 1,
            _ => {
                self.link(1, self.i, 1)?;
                self.i += 1;
            }
        }
        Ok(())
    }

    /// A run of names, numbers, paths and the operators among them.
    fn path_run(&mut self) -> Result<(), Diagnostic> {
        let start = self.i;
        let mut ops = 1;
        while self.i < self.b.len() && is_path_byte(self.b[self.i]) {
            if matches!(self.b[self.i], b'+' | b'-' | b'/') {
                ops += 1;
            }
            self.i += 1;
        }
        if self.i - start > MAX_RUN {
            return Err(self.too_long(start, self.i - start));
        }
        self.link(ops, start, 1)
    }
}

/// rnix's path characters, ASCII.
fn is_path_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'_' | b'.' | b'+' | b'-')
}
