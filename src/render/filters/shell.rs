//! POSIX shell words.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

/// bash's reserved words (the manual's "Reserved Words"):
/// bare, one can end a `do`/`then` block even inside `a=(…)`, and shellcheck
/// warns about it (SC1010).
const RESERVED: &[&str] = &[
    "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
    "select", "then", "time", "until", "while",
];

/// `s` as one shell word: bare when it holds only characters no shell treats
/// specially and is not a reserved word, else single-quoted (a `'` inside
/// becomes `'\''`).
pub fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && !RESERVED.contains(&s)
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=@%+,".contains(&b));
    if safe {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The items of a list as shell words joined by spaces (the body of a bash
/// array); with `attribute`, that attribute of each item. Strings are quoted
/// with [`quote`]; numbers and booleans are written as they print. One filter
/// call instead of a `map(attribute=…)|map("shell_quote")|join(" ")` chain.
pub fn words(items: &Value, attribute: Option<&str>) -> Result<String, Error> {
    let mut out = String::new();
    for item in items.try_iter()? {
        let value = match attribute {
            Some(a) => item.get_attr(a)?,
            None => item,
        };
        let word = match value.kind() {
            ValueKind::String => quote(value.as_str().unwrap_or_default()),
            ValueKind::Number | ValueKind::Bool => quote(&value.to_string()),
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("shell_words: {value:?} is not a string or number"),
                ));
            }
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Value, quote, words};
    use minijinja::value::Serde;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("coal-rust"), "coal-rust");
        assert_eq!(quote("/home/dev/sync"), "/home/dev/sync");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's $HOME `x`"), r"'it'\''s $HOME `x`'");
        assert_eq!(quote("l1\nl2"), "'l1\nl2'");
        assert_eq!(quote("done"), "'done'");
        assert_eq!(quote("then"), "'then'");
        assert_eq!(quote("donE"), "donE");
    }

    #[test]
    fn words_quote_each_item_of_a_list() {
        #[derive(serde::Serialize)]
        struct C {
            name: &'static str,
            n: u64,
        }
        let list = Value::from(Serde([
            C {
                name: "coal-rust",
                n: 0,
            },
            C {
                name: "it's",
                n: 3600,
            },
            C { name: "", n: 7 },
        ]));
        assert_eq!(
            words(&list, Some("name")).expect("names"),
            r"coal-rust 'it'\''s' ''"
        );
        assert_eq!(words(&list, Some("n")).expect("numbers"), "0 3600 7");
        assert_eq!(
            words(&Value::from(Serde(["a b", "c"])), None).expect("plain"),
            "'a b' c"
        );
        assert_eq!(
            words(&Value::from(Serde(Vec::<String>::new())), None).expect("empty"),
            ""
        );
        assert!(
            words(&list, Some("missing")).is_err(),
            "undefined is refused"
        );
    }
}
