//! Bytes → text → rnix tree, with every problem turned into a diagnostic.
//!
//! Nix rejects a UTF-8 byte-order mark, invalid UTF-8 and NUL bytes, so we do too
//! (with a span, never a panic). Every rnix parse error becomes a diagnostic of its
//! own, worded by us: rnix's `Display` embeds raw byte offsets.

pub mod names;

use std::rc::Rc;

use camino::Utf8PathBuf;
use rnix::{ParseError, SyntaxKind, TextRange, TextSize, ast};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

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

/// Nesting (brackets, `${`, chains of operators and applications) allowed
/// before parsing. rnix's tree builder hashes a chain of small nodes once per
/// level, so parse time grows with the square of the depth; the evaluator stops
/// at [`crate::eval::MAX_DEPTH`] anyway. Deeper than rnix's own 512-level
/// expression limit, so that one stays reachable.
pub const MAX_NESTING: usize = 1_000;
/// Longest run of path characters (`[A-Za-z0-9/_.+-]`) outside strings and
/// comments: rnix's tokenizer rescans such a run from every token in it.
pub const MAX_RUN: usize = 1_000;

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
fn shape_problem(file: FileId, text: &str) -> Option<Diagnostic> {
    let b = text.as_bytes();
    let off = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let too_deep = |i: usize, len: usize| {
        Diagnostic::error(
            "syntax::too-deep",
            format!("expression nested more than {MAX_NESTING} levels deep"),
        )
        .with_label(
            Span {
                file,
                start: off(i),
                end: off(i + len),
            },
            "nesting limit reached here",
        )
        .with_help("a spec is data: flatten it, or build deep values with functions such as `builtins.genList`")
    };
    // (level, depth at which it was opened, links in its current expression)
    let mut stack: Vec<(Level, usize, usize)> = vec![(Level::Code { list: false }, 0, 0)];
    let mut i = 0;
    while i < b.len() {
        let Some(&(level, base, chain)) = stack.last() else {
            break;
        };
        let depth = base + chain;
        let open = |stack: &mut Vec<(Level, usize, usize)>, l: Level, at: usize, len: usize| {
            if depth + 1 > MAX_NESTING {
                return Some(too_deep(at, len));
            }
            stack.push((l, depth + 1, 0));
            None
        };
        let link = |stack: &mut Vec<(Level, usize, usize)>, n: usize, at: usize, len: usize| {
            if let Some(top) = stack.last_mut()
                && let (Level::Code { list: false, .. }, _, c) = top
            {
                *c += n;
                if top.1 + top.2 > MAX_NESTING {
                    return Some(too_deep(at, len));
                }
            }
            None
        };
        match level {
            Level::Str => match b[i] {
                b'\\' => i += 2,
                b'$' if b.get(i + 1) == Some(&b'$') => i += 2,
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'$' if b.get(i + 1) == Some(&b'{') => {
                    let interp = Level::Code { list: false };
                    if let Some(d) = open(&mut stack, interp, i, 2) {
                        return Some(d);
                    }
                    i += 2;
                }
                _ => i += 1,
            },
            Level::IndStr => {
                if b[i] == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    match b.get(i + 2) {
                        Some(b'$' | b'\'') => i += 3,
                        Some(b'\\') => i += 4,
                        _ => {
                            stack.pop();
                            i += 2;
                        }
                    }
                } else if b[i] == b'$' && b.get(i + 1) == Some(&b'$') {
                    i += 2;
                } else if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
                    let interp = Level::Code { list: false };
                    if let Some(d) = open(&mut stack, interp, i, 2) {
                        return Some(d);
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            Level::Code { .. } => {
                let c = b[i];
                match c {
                    b'#' => {
                        while i < b.len() && b[i] != b'\n' {
                            i += 1;
                        }
                    }
                    b'/' if b.get(i + 1) == Some(&b'*') => {
                        i += 2;
                        while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                            i += 1;
                        }
                        i += 2;
                    }
                    b'"' => {
                        if let Some(d) = link(&mut stack, 1, i, 1) {
                            return Some(d);
                        }
                        stack.push((Level::Str, depth + 1, 0));
                        i += 1;
                    }
                    b'\'' if b.get(i + 1) == Some(&b'\'') => {
                        if let Some(d) = link(&mut stack, 1, i, 2) {
                            return Some(d);
                        }
                        stack.push((Level::IndStr, depth + 1, 0));
                        i += 2;
                    }
                    b'(' | b'[' | b'{' => {
                        let l = Level::Code { list: c == b'[' };
                        if let Some(d) = open(&mut stack, l, i, 1) {
                            return Some(d);
                        }
                        i += 1;
                    }
                    b')' | b']' | b'}' => {
                        // Unbalanced closers are the parser's to report.
                        if stack.len() > 1 {
                            stack.pop();
                        }
                        i += 1;
                    }
                    b';' | b',' => {
                        if let Some(top) = stack.last_mut() {
                            top.2 = 0;
                        }
                        i += 1;
                    }
                    c if is_path_byte(c) => {
                        let start = i;
                        let mut ops = 1;
                        while i < b.len() && is_path_byte(b[i]) {
                            if matches!(b[i], b'+' | b'-' | b'/') {
                                ops += 1;
                            }
                            i += 1;
                        }
                        if i - start > MAX_RUN {
                            return Some(
                                Diagnostic::error(
                                    "syntax::too-long",
                                    format!(
                                        "{} characters without a space or bracket, more than {MAX_RUN}",
                                        i - start
                                    ),
                                )
                                .with_label(
                                    Span {
                                        file,
                                        start: off(start),
                                        end: off(start + 1),
                                    },
                                    "this run of names, numbers and operators is too long",
                                )
                                .with_help("separate the parts with spaces, or write long text as a string"),
                            );
                        }
                        if let Some(d) = link(&mut stack, ops, start, 1) {
                            return Some(d);
                        }
                    }
                    c if c.is_ascii_whitespace() => i += 1,
                    _ => {
                        if let Some(d) = link(&mut stack, 1, i, 1) {
                            return Some(d);
                        }
                        i += 1;
                    }
                }
            }
        }
    }
    None
}

/// rnix's path characters, ASCII.
fn is_path_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'_' | b'.' | b'+' | b'-')
}

fn parse_error(file: FileId, e: &ParseError, end: TextSize) -> Diagnostic {
    let at_end = TextRange::empty(end);
    let span = |r: TextRange| Span::new(file, r);
    let d = |msg: String, r: TextRange, label: &str| {
        Diagnostic::error("syntax::parse", msg).with_label(span(r), label)
    };
    match e {
        ParseError::Unexpected(r) => d("unexpected input".into(), *r, "not valid Nix here"),
        ParseError::UnexpectedExtra(r) => d(
            "unexpected input after the end of the expression".into(),
            *r,
            "a file holds exactly one expression",
        ),
        ParseError::UnexpectedWanted(found, r, wanted) => d(
            format!("expected {}, found {}", any_of(wanted), kind_name(*found)),
            *r,
            "unexpected here",
        ),
        ParseError::UnexpectedDoubleBind(r) => d(
            "a pattern can be bound with `@` only once".into(),
            *r,
            "second binding",
        ),
        ParseError::UnexpectedEOF => d(
            "unexpected end of file".into(),
            at_end,
            "the file ends here",
        ),
        ParseError::UnexpectedEOFWanted(wanted) => d(
            format!("unexpected end of file, expected {}", any_of(wanted)),
            at_end,
            "the file ends here",
        ),
        ParseError::DuplicatedArgs(r, name) => d(
            format!("duplicate formal function argument `{name}`"),
            *r,
            "defined again here",
        ),
        ParseError::RecursionLimitExceeded => d(
            "expression nested too deeply to parse".into(),
            at_end,
            "nesting limit reached before this point",
        ),
        _ => d("syntax error".into(), at_end, "somewhere in this file"),
    }
}

fn any_of(kinds: &[SyntaxKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| kind_name(*k)).collect();
    match names.as_slice() {
        [] => "more input".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How a token kind is named in messages: the token itself where it is fixed text.
fn kind_name(kind: SyntaxKind) -> &'static str {
    use SyntaxKind::*;
    match kind {
        TOKEN_ADD => "`+`",
        TOKEN_AND_AND => "`&&`",
        TOKEN_ASSIGN => "`=`",
        TOKEN_ASSERT => "`assert`",
        TOKEN_AT => "`@`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_COMMENT => "a comment",
        TOKEN_CONCAT => "`++`",
        TOKEN_DIV => "`/`",
        TOKEN_DOT => "`.`",
        TOKEN_ELLIPSIS => "`...`",
        TOKEN_ELSE => "`else`",
        TOKEN_EQUAL => "`==`",
        TOKEN_FLOAT => "a float",
        TOKEN_IDENT => "an identifier",
        TOKEN_IF => "`if`",
        TOKEN_IMPLICATION => "`->`",
        TOKEN_IN => "`in`",
        TOKEN_INHERIT => "`inherit`",
        TOKEN_INTEGER => "an integer",
        TOKEN_INTERPOL_END => "`}`",
        TOKEN_INTERPOL_START => "`${`",
        TOKEN_INVERT => "`!`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_L_BRACK => "`[`",
        TOKEN_L_PAREN => "`(`",
        TOKEN_LESS => "`<`",
        TOKEN_LESS_OR_EQ => "`<=`",
        TOKEN_LET => "`let`",
        TOKEN_MORE => "`>`",
        TOKEN_MORE_OR_EQ => "`>=`",
        TOKEN_MUL => "`*`",
        TOKEN_NOT_EQUAL => "`!=`",
        TOKEN_OR => "`or`",
        TOKEN_OR_OR => "`||`",
        TOKEN_PATH_ABS | TOKEN_PATH_HOME | TOKEN_PATH_REL | TOKEN_PATH_SEARCH => "a path",
        TOKEN_PIPE_LEFT => "`<|`",
        TOKEN_PIPE_RIGHT => "`|>`",
        TOKEN_QUESTION => "`?`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_REC => "`rec`",
        TOKEN_SEMICOLON => "`;`",
        TOKEN_STRING_CONTENT => "string content",
        TOKEN_STRING_END | TOKEN_STRING_START => "a string quote",
        TOKEN_SUB => "`-`",
        TOKEN_THEN => "`then`",
        TOKEN_UPDATE => "`//`",
        TOKEN_URI => "a URI",
        TOKEN_WHITESPACE => "whitespace",
        TOKEN_WITH => "`with`",
        TOKEN_ERROR => "an invalid token",
        NODE_ATTRPATH | NODE_IDENT => "an attribute name",
        NODE_STRING => "a string",
        _ => "an expression",
    }
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
