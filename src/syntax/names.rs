//! Names in Nix source: what an identifier is, which words are keywords, what
//! an attribute path is, and how a name or a string is written back as Nix.
//! The model, the validator and the renderer all ask here, so what one stage
//! accepts the next can write.

/// Nix's keywords (the lexer of Nix's `src/libexpr/lexer.l`): none of them can
/// stand bare as an attribute name, so `pkgs.assert` does not parse.
pub const KEYWORDS: &[&str] = &[
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
];

/// Whether `s` can stand unquoted as an attribute name: Nix's `ID` token
/// (`[a-zA-Z_][a-zA-Z0-9_'-]*`) that is not a keyword.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&s)
}

/// A nixpkgs attribute path that can follow `pkgs.` bare: dot-separated
/// identifiers (`ripgrep`, `python3Packages.ipython`).
pub fn is_attr_path(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_identifier)
}

/// A double-quoted Nix string whose value is exactly `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `${` starts an interpolation; a lone `$` is literal.
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An attribute name: bare when it is an identifier, else a quoted string.
pub fn attr_name(s: &str) -> String {
    if is_identifier(s) {
        s.to_owned()
    } else {
        string(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_exclude_keywords() {
        assert!(is_identifier("dock"));
        assert!(is_identifier("x-y'"));
        assert!(is_identifier("_1"));
        assert!(!is_identifier("1abc"));
        assert!(!is_identifier(""));
        for k in KEYWORDS {
            assert!(!is_identifier(k), "{k}");
        }
    }

    #[test]
    fn attr_paths_are_identifiers_joined_by_dots() {
        assert!(is_attr_path("ripgrep"));
        assert!(is_attr_path("python3Packages.ipython"));
        assert!(!is_attr_path(""));
        assert!(!is_attr_path("foo..bar"));
        assert!(!is_attr_path("rm -rf"));
        assert!(!is_attr_path("x.${y}"));
        assert!(!is_attr_path("python3Packages.assert"));
        assert!(!is_attr_path("if"));
        assert!(!is_attr_path("a.in.b"));
    }

    #[test]
    fn strings_escape_exactly_what_nix_interprets() {
        assert_eq!(string("plain"), r#""plain""#);
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string("${x} $y $"), r#""\${x} $y $""#);
        assert_eq!(string("l1\nl2\t"), r#""l1\nl2\t""#);
        assert_eq!(string("''"), r#""''""#);
    }

    #[test]
    fn attr_names_quoted_when_needed() {
        assert_eq!(attr_name("dock"), "dock");
        assert_eq!(attr_name("x-y'"), "x-y'");
        assert_eq!(
            attr_name("com.apple.swipescrolldirection"),
            r#""com.apple.swipescrolldirection""#
        );
        assert_eq!(attr_name("in"), r#""in""#);
        assert_eq!(attr_name("1abc"), r#""1abc""#);
        assert_eq!(attr_name(""), r#""""#);
    }
}
