//! Nix expressions: strings with `\`, `"` and `${` escaped,
//! attribute names quoted unless they are identifiers, values of any shape,
//! `pkgs.` references unquoted.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

use super::refuse;

// The names and string literals of Nix source are the syntax stage's knowledge,
// shared with the validator so both sides agree on what is writable.
use crate::syntax::names::is_attr_path;
pub use crate::syntax::names::{attr_name, is_identifier, string};

/// `pkgs.<attr path>` for a validated nixpkgs attribute path.
pub fn pkgs_ref(path: &str) -> Result<String, Error> {
    if !is_attr_path(path) {
        return Err(refuse("package attribute path", path));
    }
    Ok(format!("pkgs.{path}"))
}

/// Any template value as a Nix expression: maps become attribute sets (in
/// sorted order), sequences lists, `none` null. Nested values are indented
/// by two spaces per level below `indent`.
pub fn value(v: &Value, indent: usize) -> Result<String, Error> {
    let mut out = String::new();
    write_value(&mut out, v, indent)?;
    Ok(out)
}

/// [`value`] into one buffer: a nested value is written in place, not built
/// as a string and copied into its parent's (which made a value 2,000 levels
/// deep take seconds).
fn write_value(out: &mut String, v: &Value, indent: usize) -> Result<(), Error> {
    let pad = |out: &mut String, level: usize| {
        for _ in 0..level {
            out.push_str("  ");
        }
    };
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("null"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
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
                out.push('(');
                out.push_str(&text);
                out.push(')');
            } else {
                out.push_str(&text);
            }
        }
        ValueKind::String => out.push_str(&string(v.as_str().unwrap_or_default())),
        ValueKind::Seq | ValueKind::Iterable => {
            let mut items = v.try_iter()?.peekable();
            if items.peek().is_none() {
                out.push_str("[ ]");
            } else {
                out.push_str("[\n");
                for item in items {
                    pad(out, indent + 1);
                    write_value(out, &item, indent + 1)?;
                    out.push('\n');
                }
                pad(out, indent);
                out.push(']');
            }
        }
        ValueKind::Map => {
            let mut keys: Vec<Value> = v.try_iter()?.collect();
            keys.sort_by_key(ToString::to_string);
            if keys.is_empty() {
                out.push_str("{ }");
            } else {
                out.push_str("{\n");
                for k in keys {
                    let item = v.get_item(&k)?;
                    pad(out, indent + 1);
                    out.push_str(&attr_name(&k.to_string()));
                    out.push_str(" = ");
                    write_value(out, &item, indent + 1)?;
                    out.push_str(";\n");
                }
                pad(out, indent);
                out.push('}');
            }
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("{v} has no Nix form"),
            ));
        }
    }
    Ok(())
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
    fn pkgs_refs_are_bare_paths() {
        assert_eq!(
            pkgs_ref("python3Packages.ipython").ok().as_deref(),
            Some("pkgs.python3Packages.ipython")
        );
        assert!(pkgs_ref("a b").is_err());
        assert!(pkgs_ref("x.${y}").is_err());
        assert!(pkgs_ref("python3Packages.assert").is_err());
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
