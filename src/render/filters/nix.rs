//! Nix expressions (PITFALLS 17): strings with `\`, `"` and `${` escaped,
//! attribute names quoted unless they are identifiers, values of any shape,
//! `pkgs.` references unquoted.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

use super::refuse;

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
];

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

/// Whether `s` can stand unquoted as an attribute name.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&s)
}

/// An attribute name: bare when it is an identifier, else a quoted string.
pub fn attr_name(s: &str) -> String {
    if is_identifier(s) {
        s.to_owned()
    } else {
        string(s)
    }
}

/// `pkgs.<attr path>` for a validated nixpkgs attribute path.
pub fn pkgs_ref(path: &str) -> Result<String, Error> {
    if path.is_empty() || path.split('.').any(|p| !is_identifier(p)) {
        return Err(refuse("package attribute path", path));
    }
    Ok(format!("pkgs.{path}"))
}

/// Any template value as a Nix expression: maps become attribute sets (in
/// sorted order), sequences lists, `none` null. Nested values are indented
/// by two spaces per level below `indent`.
pub fn value(v: &Value, indent: usize) -> Result<String, Error> {
    let pad = "  ".repeat(indent);
    Ok(match v.kind() {
        ValueKind::Undefined | ValueKind::None => "null".to_owned(),
        ValueKind::Bool => if v.is_true() { "true" } else { "false" }.to_owned(),
        ValueKind::Number => {
            let text = v.to_string();
            let text = if v.as_i64().is_some() {
                text
            } else {
                float(&text)?
            };
            // `-1` is unary minus, which Nix's grammar refuses as a list element
            // (`[ -1 ]` is a syntax error): parenthesised, it is valid anywhere.
            if text.starts_with('-') {
                format!("({text})")
            } else {
                text
            }
        }
        ValueKind::String => string(v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            let items: Vec<String> = v
                .try_iter()?
                .map(|item| value(&item, indent + 1))
                .collect::<Result<_, _>>()?;
            if items.is_empty() {
                "[ ]".to_owned()
            } else {
                let body: String = items.iter().map(|i| format!("{pad}  {i}\n")).collect();
                format!("[\n{body}{pad}]")
            }
        }
        ValueKind::Map => {
            let mut keys: Vec<Value> = v.try_iter()?.collect();
            keys.sort_by_key(ToString::to_string);
            if keys.is_empty() {
                "{ }".to_owned()
            } else {
                let mut body = String::new();
                for k in keys {
                    let item = v.get_item(&k)?;
                    body.push_str(&format!(
                        "{pad}  {} = {};\n",
                        attr_name(&k.to_string()),
                        value(&item, indent + 1)?
                    ));
                }
                format!("{{\n{body}{pad}}}")
            }
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("{v} has no Nix form"),
            ));
        }
    })
}

/// A float in a form Nix parses as a float (`1.0`, not `1`; no exponent-only form).
fn float(text: &str) -> Result<String, Error> {
    let f: f64 = text.parse().map_err(|_| refuse("float", text))?;
    if !f.is_finite() {
        return Err(refuse("float", text));
    }
    // Debug gives the shortest round-trip form; Nix needs a `.` before any exponent.
    let s = format!("{f:?}");
    Ok(match s.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => format!("{mantissa}.0e{exp}"),
        _ => s,
    })
}

/// The `nix_value` filter: `{{ x|nix_value }}` or `{{ x|nix_value(2) }}`.
pub fn value_filter(v: &Value, indent: Option<usize>) -> Result<String, Error> {
    value(v, indent.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn pkgs_refs_are_bare_paths() {
        assert_eq!(
            pkgs_ref("python3Packages.ipython").ok().as_deref(),
            Some("pkgs.python3Packages.ipython")
        );
        assert!(pkgs_ref("a b").is_err());
        assert!(pkgs_ref("x.${y}").is_err());
    }

    #[test]
    fn values_of_any_shape() {
        let v = Value::from(minijinja::value::Serde(serde_json::json!({
            "b": [1, 2.5, true, null],
            "a": { "x y": "z" },
            "e": [],
        })));
        let expected = "{\n  a = {\n    \"x y\" = \"z\";\n  };\n  b = [\n    1\n    2.5\n    true\n    null\n  ];\n  e = [ ];\n}";
        assert_eq!(value(&v, 0).ok().as_deref(), Some(expected));
        assert_eq!(value(&Value::from(1.0), 0).ok().as_deref(), Some("1.0"));
        assert_eq!(value(&Value::from(-1), 0).ok().as_deref(), Some("(-1)"));
        assert_eq!(value(&Value::from(-2.5), 0).ok().as_deref(), Some("(-2.5)"));
        assert!(value(&Value::from(f64::NAN), 0).is_err());
        assert!(value(&Value::from(f64::INFINITY), 0).is_err());
        assert_eq!(
            value(&Value::from(1e300), 0).ok().as_deref(),
            Some("1.0e300")
        );
    }
}
