//! Bytes → text → rnix tree, with every problem turned into a diagnostic.
//!
//! Nix rejects a UTF-8 byte-order mark, invalid UTF-8 and NUL bytes, so we do too
//! (with a span, never a panic). Every rnix parse error becomes a diagnostic of its
//! own, worded by us: rnix's `Display` embeds raw byte offsets.

use std::rc::Rc;

use camino::Utf8PathBuf;
use rnix::{ParseError, SyntaxKind, TextRange, TextSize, ast};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

/// A parsed file: its id in the source map and its syntax tree.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub file: FileId,
    pub root: ast::Root,
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
    let parse = rnix::Root::parse(text);
    // End-of-file errors point just after the last token: a span past the final
    // newline would be drawn on no line at all.
    let end = TextSize::try_from(text.trim_end().len()).unwrap_or(TextSize::from(u32::MAX));
    let errors = parse.errors();
    // rnix reports a bare "unexpected EOF" next to the one saying what was wanted.
    let wanted_eof = errors
        .iter()
        .any(|e| matches!(e, ParseError::UnexpectedEOFWanted(_)));
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .filter(|e| !(wanted_eof && matches!(e, ParseError::UnexpectedEOF)))
        .map(|e| parse_error(file, e, end))
        .collect();
    diags.dedup();
    if diags.is_empty() {
        Ok(Parsed {
            file,
            root: parse.tree(),
        })
    } else {
        Err(diags)
    }
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
    fn every_parse_error_is_reported() {
        let e = errs(b"{ a = ; b = ; }");
        assert!(e.len() >= 2, "{e:?}");
        let eof = errs(b"{ a = 1;\n\n");
        assert!(eof.iter().any(|(_, s, _)| *s == 8), "{eof:?}");
    }
}
