//! TOML (aerospace.toml): basic strings with every character TOML requires
//! escaped, keys bare when TOML allows it, values of the shapes AeroSpace
//! reads (booleans, integers, strings, arrays, inline tables). Floats are
//! refused: AeroSpace rejects them (`Unsupported TOML type: Double`).

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

/// A TOML basic string whose value is exactly `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key: bare when it is `[A-Za-z0-9_-]+`, else a quoted string.
pub fn key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        s.to_owned()
    } else {
        string(s)
    }
}

/// Any template value as a TOML value (one line).
pub fn value(v: &Value) -> Result<String, Error> {
    Ok(match v.kind() {
        ValueKind::Bool => if v.is_true() { "true" } else { "false" }.to_owned(),
        ValueKind::Number => match v.as_i64() {
            Some(i) => i.to_string(),
            None => {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("{v}: AeroSpace takes integers only"),
                ));
            }
        },
        ValueKind::String => string(v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            let items: Vec<String> = v.try_iter()?.map(|i| value(&i)).collect::<Result<_, _>>()?;
            format!("[{}]", items.join(", "))
        }
        ValueKind::Map => {
            let mut keys: Vec<Value> = v.try_iter()?.collect();
            keys.sort_by_key(ToString::to_string);
            let mut items = Vec::with_capacity(keys.len());
            for k in keys {
                let item = v.get_item(&k)?;
                items.push(format!("{} = {}", key(&k.to_string()), value(&item)?));
            }
            if items.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("{v} has no TOML form"),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_toml_requires() {
        assert_eq!(string("focus left"), r#""focus left""#);
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string("l1\nl2\t\u{7f}\u{1}"), r#""l1\nl2\t\u007F\u0001""#);
        assert_eq!(string("é ${x} 'q'"), "\"é ${x} 'q'\"");
    }

    #[test]
    fn keys_bare_when_allowed() {
        assert_eq!(key("alt-shift-h"), "alt-shift-h");
        assert_eq!(key("alt-1"), "alt-1");
        assert_eq!(key("a.b"), r#""a.b""#);
        assert_eq!(key(""), r#""""#);
        assert_eq!(key("é"), r#""é""#);
    }

    #[test]
    fn values() {
        let v = Value::from(minijinja::value::Serde(serde_json::json!({
            "b": ["x", "y"], "a": 1, "c": true, "d": {}
        })));
        assert_eq!(
            value(&v).ok().as_deref(),
            Some(r#"{ a = 1, b = ["x", "y"], c = true, d = {} }"#)
        );
        assert!(value(&Value::from(1.5)).is_err());
    }
}
