//! rnix's parse errors in our words: rnix's `Display` embeds raw byte
//! offsets, so every error kind gets a message and a label of its own.

use rnix::{ParseError, SyntaxKind, TextRange, TextSize};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

/// One rnix parse error as a diagnostic; `end` is where end-of-file errors point.
pub fn parse_error(file: FileId, e: &ParseError, end: TextSize) -> Diagnostic {
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
