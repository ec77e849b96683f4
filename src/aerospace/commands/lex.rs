//! Splitting a command string into words, as AeroSpace's own lexer does.

use std::ops::Range;

use super::CommandError;

/// One word of a command and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: Range<usize>,
}

/// Characters AeroSpace's command lexer refuses in a bare word.
pub const RESERVED_CHARS: &[char] = &[
    '(', ')', '$', '~', '&', '?', '*', '!', '\\', '|', '<', '>', '`', '\'', '"', '#',
];

/// Splits one command into words as AeroSpace's shell lexer does, but refuses
/// what makes a string more than one command (`;`, `&&`, `||`, `|`, parentheses,
/// newlines: AeroSpace ≥ 0.21 only; devbox-gen writes one command per array
/// element, which every version reads) and comments.
pub fn lex(raw: &str) -> Result<Vec<Word>, CommandError> {
    let mut words = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        // Any whitespace but a newline (which joins commands, below) separates
        // words: the word arm stops at whitespace, so one it did not skip here
        // would be an empty word, forever (found by fuzzing: a `\x0b`).
        if c.is_whitespace() && c != '\n' {
            chars.next();
            continue;
        }
        let several = || "write each command as its own string in a list: `[ \"move-node-to-workspace 1\" \"workspace 1\" ]`";
        match c {
            ';' | '|' | '&' | '(' | ')' | '\n' => {
                let len = if matches!(c, '|' | '&') && raw[i + 1..].starts_with(c) {
                    2
                } else {
                    c.len_utf8()
                };
                let shown = if c == '\n' {
                    "a newline".to_owned()
                } else {
                    format!("`{}`", &raw[i..i + len])
                };
                return Err(CommandError::new(
                    i..i + len,
                    format!("{shown} joins commands: one string holds one AeroSpace command"),
                    "not part of a command",
                )
                .help(several()));
            }
            '#' => {
                return Err(CommandError::new(
                    i..raw.len(),
                    "a command string cannot hold a comment".into(),
                    "comment",
                )
                .help("use a Nix comment (`# …`) outside the string"));
            }
            '\'' | '"' => {
                chars.next();
                let start = i + 1;
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    if d == c {
                        end = Some(j);
                        break;
                    }
                }
                let Some(end) = end else {
                    return Err(CommandError::new(
                        i..raw.len(),
                        format!("the quote {c} is not closed"),
                        "unclosed quote",
                    ));
                };
                if let Some(&(j, d)) = chars.peek()
                    && !d.is_whitespace()
                {
                    return Err(CommandError::new(
                        j..j + d.len_utf8(),
                        "AeroSpace needs a space after a closing quote".into(),
                        "here",
                    ));
                }
                words.push(Word {
                    text: raw[start..end].to_owned(),
                    range: i..end + 1,
                });
            }
            _ => {
                let mut end = raw.len();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, ';' | '|' | '&' | '(' | ')') {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let text = &raw[i..end];
                if text != "~="
                    && let Some(r) = text.find(RESERVED_CHARS)
                {
                    let ch = text[r..].chars().next().unwrap_or('?');
                    return Err(CommandError::new(
                        i..end,
                        format!("`{text}` contains `{ch}`, which AeroSpace reserves"),
                        "quote this word",
                    )
                    .help(format!("quote it: '{text}'")));
                }
                words.push(Word {
                    text: text.to_owned(),
                    range: i..end,
                });
            }
        }
    }
    Ok(words)
}
