//! String literals exactly as Nix reads them, and string coercion.
//!
//! rnix keeps the raw text of a string; we unescape it ourselves because Nix's
//! lexer treats indented-string escapes (`''$`, `'''`, `''\x`) as separate tokens
//! that end the leading whitespace of a line, which rnix's `normalized_parts()`
//! does not (e.g. `''\n` followed by spaces).

use rnix::ast::{self, AstToken as _, InterpolPart};
use rowan::ast::AstNode;

use crate::source::Span;

use super::value::{Value, ValueKind};
use super::{EvalError, Evaluator, errors, function};

/// A piece of a string literal after unescaping.
pub enum Part {
    Lit(String),
    Interp(ast::Interpol),
}

/// The parts of a string literal as Nix's parser produces them.
pub fn parts(s: &ast::Str) -> Vec<Part> {
    let indented = s.syntax().first_token().is_some_and(|t| t.text() == "''");
    if indented {
        indented_parts(s)
    } else {
        s.parts()
            .map(|p| match p {
                InterpolPart::Literal(c) => Part::Lit(unescape(c.syntax().text())),
                InterpolPart::Interpolation(i) => Part::Interp(i),
            })
            .collect()
    }
}

/// The text of a literal without interpolation (`"a"`, `''a''`), if it is one.
pub fn literal_text(s: &ast::Str) -> Option<String> {
    let mut out = String::new();
    for p in parts(s) {
        match p {
            Part::Lit(t) => out.push_str(&t),
            Part::Interp(_) => return None,
        }
    }
    Some(out)
}

/// `"…"` escapes: `\n \r \t`, any other escaped character stands for itself, and
/// CR or CR LF becomes LF (Nix's `unescapeStr`).
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(c) => out.push(c),
                None => {}
            },
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// One token of an indented string as Nix's lexer sees it.
enum IndTok {
    /// Literal text whose spaces count as indentation.
    Text(String),
    /// The result of an escape: never indentation, but still subject to stripping.
    Escape(String),
    Interp(ast::Interpol),
}

fn indented_parts(s: &ast::Str) -> Vec<Part> {
    let mut toks = Vec::new();
    let mut first = true;
    for p in s.parts() {
        match p {
            InterpolPart::Literal(c) => {
                let mut raw = c.syntax().text();
                // The lexer swallows `''` followed by spaces and a newline.
                if first {
                    let spaces = raw.len() - raw.trim_start_matches(' ').len();
                    if raw[spaces..].starts_with('\n') {
                        raw = &raw[spaces + 1..];
                    }
                }
                lex_indented(raw, &mut toks);
            }
            InterpolPart::Interpolation(i) => toks.push(IndTok::Interp(i)),
        }
        first = false;
    }
    strip_indentation(toks)
}

fn lex_indented(raw: &str, out: &mut Vec<IndTok>) {
    let mut text = String::new();
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("''") {
            let (escaped, len) = if let Some(a) = after.strip_prefix('\\') {
                match a.chars().next() {
                    Some('n') => ("\n".to_owned(), 4),
                    Some('r') => ("\r".to_owned(), 4),
                    Some('t') => ("\t".to_owned(), 4),
                    Some(c) => (c.to_string(), 3 + c.len_utf8()),
                    None => (String::new(), 3),
                }
            } else if after.starts_with('$') {
                ("$".to_owned(), 3)
            } else if after.starts_with('\'') {
                ("''".to_owned(), 3)
            } else {
                // Not produced by rnix inside string content; keep it verbatim.
                ("''".to_owned(), 2)
            };
            if !text.is_empty() {
                out.push(IndTok::Text(std::mem::take(&mut text)));
            }
            out.push(IndTok::Escape(escaped));
            rest = &rest[len.min(rest.len())..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        out.push(IndTok::Text(text));
    }
}

/// Port of Nix's `stripIndentation` (parser.y).
fn strip_indentation(toks: Vec<IndTok>) -> Vec<Part> {
    // Minimum indentation; whitespace-only lines do not count, and escapes and
    // interpolations end a line's leading whitespace.
    let mut at_start = true;
    let mut min_indent = usize::MAX;
    let mut cur = 0usize;
    for t in &toks {
        match t {
            IndTok::Text(s) => {
                for c in s.chars() {
                    if at_start {
                        if c == ' ' {
                            cur += 1;
                        } else if c == '\n' {
                            cur = 0;
                        } else {
                            at_start = false;
                            min_indent = min_indent.min(cur);
                        }
                    } else if c == '\n' {
                        at_start = true;
                        cur = 0;
                    }
                }
            }
            IndTok::Escape(_) | IndTok::Interp(_) => {
                if at_start {
                    at_start = false;
                    min_indent = min_indent.min(cur);
                }
            }
        }
    }

    let mut out = Vec::new();
    at_start = true;
    let mut dropped = 0usize;
    let n = toks.len();
    for (i, t) in toks.into_iter().enumerate() {
        let s = match t {
            IndTok::Interp(e) => {
                at_start = false;
                dropped = 0;
                out.push(Part::Interp(e));
                continue;
            }
            IndTok::Text(s) | IndTok::Escape(s) => s,
        };
        let mut s2 = String::with_capacity(s.len());
        for c in s.chars() {
            if at_start {
                if c == ' ' {
                    if dropped >= min_indent {
                        s2.push(c);
                    }
                    dropped += 1;
                } else if c == '\n' {
                    dropped = 0;
                    s2.push(c);
                } else {
                    at_start = false;
                    dropped = 0;
                    s2.push(c);
                }
            } else {
                s2.push(c);
                if c == '\n' {
                    at_start = true;
                }
            }
        }
        // The last line is dropped when it holds only spaces.
        if i + 1 == n
            && let Some(p) = s2.rfind('\n')
            && s2[p + 1..].chars().all(|c| c == ' ')
        {
            s2.truncate(p + 1);
        }
        out.push(Part::Lit(s2));
    }
    out
}

/// How strictly a value is turned into a string.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Coerce {
    /// `"${x}"`, `+` with a string, `concatStringsSep`: strings and sets with
    /// `__toString`/`outPath` only. A path would be copied to the store: refused.
    Interpolate,
    /// `toString x`: also numbers, bools, null, lists, and paths as their text.
    ToString,
}

pub fn coerce(ev: &Evaluator, v: &Value, at: Span, mode: Coerce) -> Result<String, EvalError> {
    let more = mode == Coerce::ToString;
    match &v.kind {
        ValueKind::Str(s) => Ok(s.to_string()),
        ValueKind::Path(p) if more => Ok(p.to_string()),
        ValueKind::Path(p) => Err(errors::error(
            "eval::unsupported",
            format!(
                "interpolating the path `{}` into a string copies it to the Nix store, which is outside devbox-gen's static subset",
                ev.display_name(p)
            ),
            at,
            "path used as a string here",
        )),
        ValueKind::Int(i) if more => Ok(i.to_string()),
        ValueKind::Float(f) if more => Ok(format!("{f:.6}")),
        ValueKind::Bool(true) if more => Ok("1".into()),
        ValueKind::Bool(false) | ValueKind::Null if more => Ok(String::new()),
        ValueKind::List(items) if more => {
            let mut out = super::limits::CappedString::new(at);
            for (i, t) in items.iter().enumerate() {
                let item = t.force(ev)?;
                out.push_str(&coerce(ev, &item, at, mode)?)?;
                let empty_list = matches!(&item.kind, ValueKind::List(l) if l.is_empty());
                if i + 1 < items.len() && !empty_list {
                    out.push_str(" ")?;
                }
            }
            Ok(out.s)
        }
        ValueKind::Attrs(a) => {
            if let Some(f) = a.get("__toString") {
                let f = f.value.force(ev)?;
                let r = function::apply(ev, &f, super::Thunk::ready(v.clone()), at)?;
                return coerce(ev, &r, at, mode);
            }
            if let Some(p) = a.get("outPath") {
                let p = p.value.force(ev)?;
                return coerce(ev, &p, at, mode);
            }
            Err(cannot_coerce(v, at, mode))
        }
        _ => Err(cannot_coerce(v, at, mode)),
    }
}

fn cannot_coerce(v: &Value, at: Span, mode: Coerce) -> EvalError {
    let what = match mode {
        Coerce::Interpolate => "a string (or a set with `__toString` or `outPath`)",
        Coerce::ToString => "a value convertible to a string",
    };
    let mut e = errors::expected(what, v, at);
    if mode == Coerce::Interpolate
        && matches!(
            v.kind,
            ValueKind::Int(_) | ValueKind::Float(_) | ValueKind::Bool(_) | ValueKind::Null
        )
        && let Some(d) = e.diagnostics.first_mut()
        && d.code == "eval::type-mismatch"
    {
        d.help = Some("convert it first with `toString`".into());
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(src: &str) -> String {
        let root = rnix::Root::parse(src).tree();
        let Some(ast::Expr::Str(s)) = root.expr() else {
            panic!("not a string: {src}");
        };
        literal_text(&s).expect("no interpolation")
    }

    #[test]
    fn double_quoted_escapes() {
        assert_eq!(lit(r#""a\nb\tc\\d\"e\$f\qg""#), "a\nb\tc\\d\"e$fqg");
        assert_eq!(lit("\"a\r\nb\rc\""), "a\nb\nc");
        assert_eq!(lit(r#""$${x}""#), "$${x}");
    }

    #[test]
    fn indentation_is_stripped_like_nix() {
        assert_eq!(lit("''\n  a\n    b\n  ''"), "a\n  b\n");
        assert_eq!(lit("''   \n  a\n  b\n  ''"), "a\nb\n");
        assert_eq!(lit("''\n  ''\\n  a\n''"), "\na\n");
        assert_eq!(lit("''\n  ''\\ b\n    c\n''"), " b\n  c\n");
        assert_eq!(lit("''\n    x\n  ''${\"y\"}\n  ''"), "  x\n${\"y\"}\n");
        assert_eq!(lit("''\n  a\n\tb\n''"), "  a\n\tb\n");
        assert_eq!(lit("''\n''"), "");
        assert_eq!(lit("''\n\n''"), "\n");
        assert_eq!(lit("''a'''b''"), "a''b");
    }

    #[test]
    fn crlf_in_indented_strings_is_kept_as_nix_does() {
        assert_eq!(lit("''\r\n  a\r\n''"), "\r\n  a\r\n");
    }
}
