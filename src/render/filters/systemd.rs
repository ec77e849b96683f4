//! systemd unit files and Quadlet keys.

use minijinja::Error;

use super::refuse;

/// A value of a plain systemd setting (`Description=`, `MemoryMax=`): systemd
/// expands `%` specifiers there, so a literal `%` is `%%`. A line break would
/// end the setting: refused.
pub fn unit(value: &str) -> Result<String, Error> {
    if value.chars().any(char::is_control) {
        return Err(refuse("unit value", value));
    }
    Ok(value.replace('%', "%%"))
}

/// A value devbox-gen computed from validated fields (`CPUQuota=400%`,
/// `MemoryMax=8G`) for a setting systemd does not expand specifiers in: written
/// as it is, but only if it is one plain token.
pub fn token(value: &str) -> Result<String, Error> {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'));
    if plain {
        Ok(value.to_owned())
    } else {
        Err(refuse("plain token", value))
    }
}

/// A single-valued Quadlet key that ends up in the generated `ExecStart=`
/// (`HostName=`, `Image=`, `Volume=`): systemd expands both `%` specifiers and
/// `$VAR` there, so both are doubled. Never quoted: podman 4.x keeps quotes.
pub fn exec_value(value: &str) -> Result<String, Error> {
    Ok(unit(value)?.replace('$', "$$"))
}

/// One `KEY=value` word of a Quadlet key/value list (`Environment=`, `Label=`):
/// always double-quoted, with the C escapes quadlet unquotes (an invalid
/// escape makes quadlet < 5.5 drop the whole line), then `%%` and `$$` because
/// quadlet copies the word into `ExecStart=` unchanged.
pub fn keyval_word(key: &str, value: &str) -> Result<String, Error> {
    if key.is_empty()
        || key.contains(['=', '"', '\\'])
        || key.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(refuse("environment name", key));
    }
    let mut out = String::with_capacity(key.len() + value.len() + 3);
    out.push('"');
    for c in key.chars().chain(std::iter::once('=')).chain(value.chars()) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => return Err(refuse("environment value", value)),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_doubles_percent_and_refuses_newlines() {
        assert_eq!(unit("100% sure").ok().as_deref(), Some("100%% sure"));
        assert!(unit("a\nb").is_err());
        assert_eq!(unit("$HOME").ok().as_deref(), Some("$HOME"));
    }

    #[test]
    fn token_passes_plain_values_only() {
        assert_eq!(token("400%").ok().as_deref(), Some("400%"));
        assert!(token("4G\nExecStart=/bin/sh").is_err());
        assert!(token("").is_err());
        assert!(token("a b").is_err());
    }

    #[test]
    fn exec_value_doubles_dollar_too() {
        assert_eq!(exec_value("a$b%c").ok().as_deref(), Some("a$$b%%c"));
    }

    #[test]
    fn keyval_word_quotes_and_escapes() {
        let w = |k, v| keyval_word(k, v).ok();
        assert_eq!(w("A", "b c").as_deref(), Some("\"A=b c\""));
        assert_eq!(
            w("A", "say \"hi\"\\").as_deref(),
            Some(r#""A=say \"hi\"\\""#)
        );
        assert_eq!(w("A", "l1\nl2\t").as_deref(), Some(r#""A=l1\nl2\t""#));
        assert_eq!(w("A", "$HOME 100%").as_deref(), Some("\"A=$$HOME 100%%\""));
        assert_eq!(w("A", "\x07é").as_deref(), Some("\"A=\\x07é\""));
        assert!(keyval_word("A B", "x").is_err());
        assert!(keyval_word("A", "x\0").is_err());
    }
}
