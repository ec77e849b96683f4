//! Binding keys: `mod-mod-key`, split on `-`; every token but the last a
//! modifier, the last one of AeroSpace's key names (qwerty table, case-sensitive).
//! Source: AeroSpace `HotkeyBinding.swift` `parseBinding`, `keysMap.swift`
//! (`keyNotationToKeyCode`), as listed in `aerospace-schema.json` → `binding_key`.

use std::ops::Range;

use crate::diagnostics::did_you_mean;

/// In AeroSpace's canonical order (`alt-ctrl-cmd-shift`): duplicates are found
/// after sorting the modifiers into this order.
pub const MODIFIERS: &[&str] = &["alt", "ctrl", "cmd", "shift"];

/// Every key name of the qwerty preset, in `keysMap.swift` order.
pub const KEY_NAMES: &[&str] = &[
    "sectionSign",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "minus",
    "equal",
    "q",
    "w",
    "e",
    "r",
    "t",
    "y",
    "u",
    "i",
    "o",
    "p",
    "leftSquareBracket",
    "rightSquareBracket",
    "backslash",
    "a",
    "s",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "semicolon",
    "quote",
    "z",
    "x",
    "c",
    "v",
    "b",
    "n",
    "m",
    "comma",
    "period",
    "slash",
    "keypad0",
    "keypad1",
    "keypad2",
    "keypad3",
    "keypad4",
    "keypad5",
    "keypad6",
    "keypad7",
    "keypad8",
    "keypad9",
    "keypadClear",
    "keypadDecimalMark",
    "keypadDivide",
    "keypadEnter",
    "keypadEqual",
    "keypadMinus",
    "keypadMultiply",
    "keypadPlus",
    "pageUp",
    "pageDown",
    "home",
    "end",
    "forwardDelete",
    "f1",
    "f2",
    "f3",
    "f4",
    "f5",
    "f6",
    "f7",
    "f8",
    "f9",
    "f10",
    "f11",
    "f12",
    "f13",
    "f14",
    "f15",
    "f16",
    "f17",
    "f18",
    "f19",
    "f20",
    "backtick",
    "space",
    "enter",
    "esc",
    "backspace",
    "tab",
    "left",
    "down",
    "up",
    "right",
];

/// What people write for a key, and AeroSpace's name for it.
const KEY_ALIASES: &[(&str, &str)] = &[
    ("-", "minus"),
    ("=", "equal"),
    ("[", "leftSquareBracket"),
    ("]", "rightSquareBracket"),
    ("\\", "backslash"),
    (";", "semicolon"),
    ("'", "quote"),
    (",", "comma"),
    (".", "period"),
    ("/", "slash"),
    ("`", "backtick"),
    ("grave", "backtick"),
    ("return", "enter"),
    ("escape", "esc"),
    ("delete", "backspace"),
    ("del", "forwardDelete"),
    ("pgup", "pageUp"),
    ("pgdown", "pageDown"),
    ("pagedown", "pageDown"),
    ("pageup", "pageUp"),
    ("lbracket", "leftSquareBracket"),
    ("rbracket", "rightSquareBracket"),
    ("arrowleft", "left"),
    ("arrowright", "right"),
    ("arrowup", "up"),
    ("arrowdown", "down"),
];

/// A parsed binding key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// In canonical order, without repeats.
    pub modifiers: Vec<&'static str>,
    pub key: &'static str,
}

impl Key {
    /// The form AeroSpace compares bindings by: `shift-alt-h` is `alt-shift-h`.
    pub fn normalized(&self) -> String {
        let mut parts: Vec<&str> = self.modifiers.clone();
        parts.push(self.key);
        parts.join("-")
    }
}

/// A problem in a binding key: where (byte range in the key), what, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

pub fn is_key_name(s: &str) -> bool {
    KEY_NAMES.contains(&s)
}

/// The key name `s` was probably meant to be: the same name in another case
/// (`H`, `pageup`), a symbol or common alias (`;`, `return`), or a typo.
pub fn guess_key(s: &str) -> Option<&'static str> {
    if let Some(k) = KEY_NAMES.iter().find(|k| k.eq_ignore_ascii_case(s)) {
        return Some(k);
    }
    if let Some((_, k)) = KEY_ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(s)) {
        return Some(k);
    }
    did_you_mean(s, KEY_NAMES.iter().copied())
        .and_then(|g| KEY_NAMES.iter().copied().find(|k| *k == g))
}

/// Parses `alt-shift-h` as AeroSpace does.
pub fn parse(raw: &str) -> Result<Key, KeyError> {
    let mut tokens: Vec<(Range<usize>, &str)> = Vec::new();
    let mut start = 0;
    for part in raw.split('-') {
        tokens.push((start..start + part.len(), part));
        start += part.len() + 1;
    }
    let Some((key_range, key)) = tokens.pop() else {
        return Err(KeyError {
            range: 0..raw.len(),
            message: "empty binding key".into(),
            label: "expected `modifier-…-key`".into(),
            help: None,
        });
    };
    let mut modifiers: Vec<&'static str> = Vec::new();
    for (range, token) in tokens {
        match MODIFIERS.iter().find(|m| **m == token) {
            Some(m) => {
                if !modifiers.contains(m) {
                    modifiers.push(m);
                }
            }
            None => {
                let help = if token.is_empty() {
                    Some(
                        "two `-` in a row: AeroSpace calls the `-` key `minus` (`alt-minus`)"
                            .into(),
                    )
                } else if let Some(m) = MODIFIERS.iter().find(|m| m.eq_ignore_ascii_case(token)) {
                    Some(format!("modifiers are lowercase: `{m}`"))
                } else if let Some(m) = modifier_alias(token) {
                    Some(format!("AeroSpace calls it `{m}`"))
                } else if is_key_name(token) {
                    Some("only the last part of a binding is a key; the parts before it are modifiers".into())
                } else {
                    did_you_mean(token, MODIFIERS.iter().copied())
                        .map(|m| format!("did you mean `{m}`?"))
                };
                return Err(KeyError {
                    range,
                    message: format!("`{token}` is not an AeroSpace modifier (in `{raw}`)"),
                    label: "expected `alt`, `ctrl`, `cmd` or `shift`".into(),
                    help,
                });
            }
        }
    }
    let Some(key_name) = KEY_NAMES.iter().copied().find(|k| *k == key) else {
        let help = match guess_key(key) {
            Some(k) if k.eq_ignore_ascii_case(key) && k.len() == 1 => Some(format!(
                "key names are case-sensitive: `{k}` (a capital letter is written `shift-{k}`)"
            )),
            Some(k) if k.eq_ignore_ascii_case(key) => {
                Some(format!("key names are case-sensitive: `{k}`"))
            }
            Some(k) => Some(format!("did you mean `{k}`?")),
            None if key.is_empty() => {
                Some("a binding ends with a key name; the `-` key is `minus`".into())
            }
            None => None,
        };
        return Err(KeyError {
            range: key_range,
            message: format!("`{key}` is not an AeroSpace key name (in `{raw}`)"),
            label: "unknown key".into(),
            help: help.or_else(|| {
                Some("key names: a–z, 0–9, f1–f20, minus, equal, comma, period, slash, semicolon, quote, backtick, space, enter, esc, tab, backspace, left, down, up, right, …".into())
            }),
        });
    };
    modifiers.sort_by_key(|m| MODIFIERS.iter().position(|x| x == m));
    Ok(Key {
        modifiers,
        key: key_name,
    })
}

fn modifier_alias(token: &str) -> Option<&'static str> {
    match token.to_ascii_lowercase().as_str() {
        "option" | "opt" | "meta" | "lalt" | "ralt" => Some("alt"),
        "control" | "ctl" | "lctrl" | "rctrl" => Some("ctrl"),
        "command" | "super" | "win" | "lcmd" | "rcmd" => Some("cmd"),
        "lshift" | "rshift" => Some("shift"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> Option<String> {
        parse(raw).ok().map(|k| k.normalized())
    }

    #[test]
    fn parses_and_normalizes() {
        assert_eq!(norm("alt-h").as_deref(), Some("alt-h"));
        assert_eq!(norm("shift-alt-h").as_deref(), Some("alt-shift-h"));
        assert_eq!(
            norm("cmd-ctrl-alt-shift-f20").as_deref(),
            Some("alt-ctrl-cmd-shift-f20")
        );
        assert_eq!(norm("esc").as_deref(), Some("esc"));
        assert_eq!(norm("alt-minus").as_deref(), Some("alt-minus"));
        assert_eq!(norm("alt-keypadEnter").as_deref(), Some("alt-keypadEnter"));
    }

    #[test]
    fn key_names_are_case_sensitive() {
        let e = parse("alt-shift-H").expect_err("error");
        assert_eq!(e.range, 10..11);
        assert!(
            e.help
                .as_deref()
                .is_some_and(|h| h.contains("case-sensitive: `h`"))
        );
        let e = parse("alt-pageup").expect_err("error");
        assert!(e.help.as_deref().is_some_and(|h| h.contains("`pageUp`")));
    }

    #[test]
    fn bad_modifiers_and_keys() {
        let e = parse("aalt-j").expect_err("error");
        assert_eq!(e.range, 0..4);
        assert_eq!(e.help.as_deref(), Some("did you mean `alt`?"));
        let e = parse("option-j").expect_err("error");
        assert_eq!(e.help.as_deref(), Some("AeroSpace calls it `alt`"));
        let e = parse("alt-hh").expect_err("error");
        assert_eq!(e.range, 4..6);
        let e = parse("alt-;").expect_err("error");
        assert_eq!(e.help.as_deref(), Some("did you mean `semicolon`?"));
        assert!(parse("alt--").is_err());
        assert!(parse("").is_err());
        assert!(parse("h-alt").is_err());
    }

    #[test]
    fn tables_match_the_reference_sizes() {
        // aerospace-schema.json `binding_key.key_names`: 100 names.
        assert_eq!(KEY_NAMES.len(), 100);
        let mut sorted = KEY_NAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), KEY_NAMES.len());
    }
}
