//! Bytes → text → rnix tree, with every problem turned into a diagnostic.
//!
//! Nix rejects a UTF-8 byte-order mark, invalid UTF-8 and NUL bytes, so we do too
//! (with a span, never a panic). Every rnix parse error becomes a diagnostic of its
//! own, worded by us: rnix's `Display` embeds raw byte offsets.

mod limits;
mod messages;
pub mod names;

use std::rc::Rc;

use camino::Utf8PathBuf;
use rnix::{ParseError, SyntaxKind, TextRange, TextSize, ast};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

use limits::shape_problem;
pub use limits::{MAX_NESTING, MAX_RUN};
use messages::parse_error;

/// A parsed file: its id in the source map, its syntax tree and the one
/// expression the file holds.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub file: FileId,
    pub root: ast::Root,
    pub expr: ast::Expr,
}

/// Adds the file to `sources` (even when it is rejected, so diagnostics can point
/// into it) and parses it.
pub fn load(
    sources: &SourceMap,
    path: Utf8PathBuf,
    name: String,
    bytes: &[u8],
) -> Result<Parsed, Vec<Diagnostic>> {
    let (text, problem) = decode(bytes);
    let file = sources.add(path, name, Rc::from(text.as_str()));
    if let Some((range, message, label)) = problem {
        let span = Span {
            file,
            start: range.0,
            end: range.1,
        };
        return Err(vec![
            Diagnostic::error("syntax::encoding", message)
                .with_label(span, label)
                .with_help("Nix reads source files as UTF-8 without a byte-order mark and without NUL bytes"),
        ]);
    }
    parse(file, &text)
}

type Problem = ((u32, u32), String, &'static str);

/// Text of a file plus the first encoding problem, if any. On invalid UTF-8 the text
/// is the lossy decoding; its prefix up to the first bad byte is byte-identical, so
/// the reported offset is valid in it.
fn decode(bytes: &[u8]) -> (String, Option<Problem>) {
    let off = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    match std::str::from_utf8(bytes) {
        Err(e) => {
            let at = e.valid_up_to();
            let bad = e.error_len().unwrap_or(bytes.len() - at);
            let text = String::from_utf8_lossy(bytes).into_owned();
            // The replacement character is 3 bytes wide in the lossy text.
            let problem = (
                (off(at), off(at + 3.min(text.len() - at))),
                format!(
                    "invalid UTF-8 (byte 0x{:02x}, {bad} bad byte(s))",
                    bytes[at]
                ),
                "not valid UTF-8",
            );
            (text, Some(problem))
        }
        Ok(text) => {
            let problem = if text.starts_with('\u{feff}') {
                Some((
                    (0, 3),
                    "file starts with a UTF-8 byte-order mark".to_owned(),
                    "byte-order mark",
                ))
            } else {
                text.find('\0').map(|i| {
                    (
                        (off(i), off(i + 1)),
                        "file contains a NUL byte".to_owned(),
                        "NUL byte",
                    )
                })
            };
            (text.to_owned(), problem)
        }
    }
}

/// Parses text already in the source map.
pub fn parse(file: FileId, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    if let Some(d) = shape_problem(file, text) {
        return Err(vec![d]);
    }
    if !has_code(text) {
        return Err(vec![empty(file)]);
    }
    let parse = rnix::Root::parse(text);
    // End-of-file errors point just after the last token: a span past the final
    // newline would be drawn on no line at all.
    let end = TextSize::try_from(text.trim_end().len()).unwrap_or(TextSize::from(u32::MAX));
    let errors = parse.errors();
    // rnix reports a bare "unexpected EOF" next to the one saying what was wanted.
    let wanted_eof = errors
        .iter()
        .any(|e| matches!(e, ParseError::UnexpectedEOFWanted(_)));
    // Every end-of-file error points at the same place; the first says it.
    let mut eof_seen = false;
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .filter(|e| !(wanted_eof && matches!(e, ParseError::UnexpectedEOF)))
        .filter(|e| {
            let eof = matches!(
                e,
                ParseError::UnexpectedEOF | ParseError::UnexpectedEOFWanted(_)
            );
            let repeat = eof && eof_seen;
            eof_seen |= eof;
            !repeat
        })
        .map(|e| parse_error(file, e, end))
        .collect();
    diags.dedup();
    if diags.is_empty() {
        let root = parse.tree();
        let dups = duplicate_formals(file, &root);
        if !dups.is_empty() {
            Err(dups)
        } else if let Some(expr) = root.expr() {
            Ok(Parsed { file, root, expr })
        } else {
            // Not seen: a file with code and no parse error has an expression.
            Err(vec![empty(file)])
        }
    } else {
        Err(diags)
    }
}

/// A file with nothing but whitespace and comments.
fn empty(file: FileId) -> Diagnostic {
    Diagnostic::error("syntax::empty", "the file contains no expression")
        .with_label(
            Span::new(file, TextRange::empty(TextSize::from(0))),
            "empty file",
        )
        .with_help("a spec file holds one Nix expression, at least `{ }`")
}

/// Whether the text holds anything but whitespace and comments.
fn has_code(text: &str) -> bool {
    rnix::tokenize(text).any(|(kind, _)| {
        !matches!(
            kind,
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
        )
    })
}

/// `{ a, a }:` and `a@{ a }:` are parse errors in Nix; rnix accepts them.
fn duplicate_formals(file: FileId, root: &ast::Root) -> Vec<Diagnostic> {
    if any_duplicate_formal(root) {
        duplicate_formal_reports(file, root)
    } else {
        Vec::new()
    }
}

/// The fast path of [`duplicate_formals`]: walks the green tree, which
/// allocates nothing (a red-tree walk allocates a cursor per node), and only
/// says whether some pattern repeats a name.
fn any_duplicate_formal(root: &ast::Root) -> bool {
    use rnix::NixLanguage;
    use rowan::{GreenNodeData, Language as _, NodeOrToken};
    let raw = NixLanguage::kind_to_raw;
    // The name of a `PAT_BIND` or `PAT_ENTRY`: its `IDENT` child's token.
    fn name(node: &GreenNodeData) -> Option<&str> {
        let raw = NixLanguage::kind_to_raw;
        let ident = node.children().find_map(|c| match c {
            NodeOrToken::Node(n) if n.kind() == raw(SyntaxKind::NODE_IDENT) => Some(n),
            _ => None,
        })?;
        ident.children().find_map(|c| match c {
            NodeOrToken::Token(t) if t.kind() == raw(SyntaxKind::TOKEN_IDENT) => Some(t.text()),
            _ => None,
        })
    }
    let green = rowan::ast::AstNode::syntax(root).green();
    let mut stack: Vec<&GreenNodeData> = vec![&green];
    while let Some(node) = stack.pop() {
        if node.kind() == raw(SyntaxKind::NODE_PATTERN) {
            let mut seen: Vec<&str> = Vec::new();
            for child in node.children().filter_map(NodeOrToken::into_node) {
                let formal = child.kind() == raw(SyntaxKind::NODE_PAT_BIND)
                    || child.kind() == raw(SyntaxKind::NODE_PAT_ENTRY);
                if let Some(n) = name(child).filter(|_| formal) {
                    if seen.contains(&n) {
                        return true;
                    }
                    seen.push(n);
                }
            }
        }
        stack.extend(node.children().filter_map(NodeOrToken::into_node));
    }
    false
}

/// The reports for [`duplicate_formals`], in Nix's wording and order.
fn duplicate_formal_reports(file: FileId, root: &ast::Root) -> Vec<Diagnostic> {
    use rowan::ast::AstNode as _;
    let mut out = Vec::new();
    for pattern in root.syntax().descendants().filter_map(ast::Pattern::cast) {
        let mut seen: Vec<String> = Vec::new();
        let bind = pattern
            .pat_bind()
            .and_then(|b| b.ident())
            .and_then(|i| i.ident_token());
        let entries = pattern
            .pat_entries()
            .filter_map(|e| e.ident())
            .filter_map(|i| i.ident_token());
        // Nix reports the entry that repeats an earlier name (or the `@` name).
        let mut names: Vec<rnix::SyntaxToken> = bind.into_iter().collect();
        names.extend(entries);
        for tok in names {
            let name = tok.text().to_owned();
            if seen.contains(&name) {
                out.push(
                    Diagnostic::error(
                        "syntax::parse",
                        format!("duplicate formal function argument `{name}`"),
                    )
                    .with_label(Span::new(file, tok.text_range()), "defined again here")
                    .with_help("each argument of a function is named once"),
                );
            } else {
                seen.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(bytes: &[u8]) -> Vec<(String, u32, u32)> {
        let map = SourceMap::new();
        match load(map_path(), "t.nix".into(), bytes, &map) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .into_iter()
                .map(|d| {
                    let s = d.primary_span().expect("labelled");
                    (d.message, s.start, s.end)
                })
                .collect(),
        }
    }

    fn map_path() -> Utf8PathBuf {
        "t.nix".into()
    }

    fn load(p: Utf8PathBuf, n: String, b: &[u8], m: &SourceMap) -> Result<Parsed, Vec<Diagnostic>> {
        super::load(m, p, n, b)
    }

    #[test]
    fn encoding_problems_have_spans() {
        assert_eq!(errs(b"\xef\xbb\xbf1")[0].1, 0);
        assert_eq!(errs(b"{ a = \"\xff\"; }")[0].1, 7);
        assert_eq!(
            errs(b"{ a = 1;\0 }")[0].1..=errs(b"{ a = 1;\0 }")[0].2,
            8..=9
        );
        assert!(errs(b"{ a = 1;\r\n b = 2; }").is_empty());
    }

    #[test]
    fn deep_or_long_input_is_refused_before_parsing() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(errs(deep.as_bytes())[0].1, 1000);
        let chain = format!("(1){}", "+(1)".repeat(5_000));
        assert!(!errs(chain.as_bytes()).is_empty());
        let run = format!("1{}", "+1".repeat(1_000));
        assert_eq!(
            errs(run.as_bytes())[0].0,
            "2001 characters without a space or bracket, more than 1000"
        );
        // Flat data of any length is fine, and strings and comments do not count.
        let list = format!("[ {} ]", "\"x\" ".repeat(50_000));
        assert!(errs(list.as_bytes()).is_empty());
        let long = format!(
            "{{ a = \"{}\"; b = ''{}''; /* {} */ }}",
            "x".repeat(5_000),
            "[(".repeat(2_000),
            "(".repeat(5_000)
        );
        assert!(
            errs(long.as_bytes()).is_empty(),
            "{:?}",
            errs(long.as_bytes())
        );
        let nested_strings = format!("{}1{}", "\"${".repeat(400), "}\"".repeat(400));
        assert!(errs(nested_strings.as_bytes()).is_empty());
        let too_nested = format!("{}1{}", "\"${".repeat(600), "}\"".repeat(600));
        assert!(!errs(too_nested.as_bytes()).is_empty());
    }

    #[test]
    fn empty_files_and_duplicate_formals() {
        assert_eq!(errs(b"")[0].0, "the file contains no expression");
        assert_eq!(
            errs(b"  # only a comment\n")[0].0,
            "the file contains no expression"
        );
        let dup = errs(b"{ a, b ? 1, a }: a");
        assert_eq!(dup[0].0, "duplicate formal function argument `a`");
        assert_eq!(dup[0].1, 12);
        assert!(!errs(b"a@{ a }: a").is_empty());
        assert!(errs(b"a@{ b, ... }: a").is_empty());
    }

    /// The green-tree scan must find exactly the patterns the full reports do.
    #[test]
    fn duplicate_formal_scan_agrees_with_reports() {
        let cases = [
            "{ a, b ? 1, a }: a",
            "a@{ a }: a",
            "{ a }@a: a",
            "a@{ b, ... }: a",
            "{ a ? { a = 1; }, b }: a",
            "x: { f = { p, q ? (y: { y, y }: y) }: p; }",
            "let f = { a, b }: a; g = { a, c }: c; in f",
            "[ ({ x, x }: x) ]",
        ];
        for case in cases {
            let parse = rnix::Root::parse(case);
            let root = parse.tree();
            let file = SourceMap::new().add("t.nix".into(), "t.nix".into(), Rc::from(case));
            assert_eq!(
                any_duplicate_formal(&root),
                !duplicate_formal_reports(file, &root).is_empty(),
                "{case}"
            );
        }
    }

    #[test]
    fn every_parse_error_is_reported() {
        let e = errs(b"{ a = ; b = ; }");
        assert!(e.len() >= 2, "{e:?}");
        let eof = errs(b"{ a = 1;\n\n");
        assert!(eof.iter().any(|(_, s, _)| *s == 8), "{eof:?}");
    }
}
