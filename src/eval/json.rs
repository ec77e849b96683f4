//! JSON in and out: `to_json` (as `nix-instantiate --eval --strict --json`),
//! `builtins.fromJSON`, and deep forcing.

use std::rc::Rc;

use serde_json::{Map, Number};

use crate::source::Span;

use super::strings::{self, Coerce};
use super::thunk::Thunk;
use super::value::{AttrEntry, Attrs, Value, ValueKind};
use super::{EvalError, Evaluator, MAX_DEPTH, errors};

pub fn to_json(ev: &Evaluator, v: &Value) -> Result<serde_json::Value, EvalError> {
    // The JSON text is at least as long as its strings plus a byte per item:
    // past the string cap, stop before building it.
    let mut budget = 0usize;
    convert(ev, v, 0, &mut budget)
}

fn spend(budget: &mut usize, n: usize, at: Span) -> Result<(), EvalError> {
    *budget = budget.saturating_add(n);
    super::limits::string_len(*budget, at)
}

fn too_deep(span: Span) -> EvalError {
    errors::error(
        "eval::depth",
        format!("value nested more than {MAX_DEPTH} levels deep"),
        span,
        "while converting this value",
    )
}

fn convert(
    ev: &Evaluator,
    v: &Value,
    depth: usize,
    budget: &mut usize,
) -> Result<serde_json::Value, EvalError> {
    if depth > MAX_DEPTH {
        return Err(too_deep(v.span));
    }
    spend(budget, 1, v.span)?;
    Ok(match &v.kind {
        ValueKind::Null => serde_json::Value::Null,
        ValueKind::Bool(b) => serde_json::Value::Bool(*b),
        ValueKind::Int(i) => serde_json::Value::Number((*i).into()),
        ValueKind::Float(f) => match Number::from_f64(*f) {
            Some(n) => serde_json::Value::Number(n),
            None => {
                return Err(errors::error(
                    "eval::type-mismatch",
                    format!("cannot convert the float {f} to JSON"),
                    v.span,
                    "not a finite number",
                ));
            }
        },
        ValueKind::Str(s) => {
            spend(budget, s.len(), v.span)?;
            serde_json::Value::String(s.to_string())
        }
        ValueKind::Path(p) => {
            return Err(errors::unsupported(
                &format!(
                    "converting the path `{}` to JSON (Nix would copy it to the store)",
                    ev.display_name(p)
                ),
                v.span,
            ));
        }
        ValueKind::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for t in items.iter() {
                out.push(convert(ev, &t.force(ev)?, depth + 1, budget)?);
            }
            serde_json::Value::Array(out)
        }
        ValueKind::Attrs(a) => {
            // Like Nix: a set with `__toString` is its string, one with `outPath` its path.
            if a.contains_key("__toString") {
                let s = strings::coerce(ev, v, v.span, Coerce::Interpolate)?;
                return Ok(serde_json::Value::String(s));
            }
            if let Some(p) = a.get("outPath") {
                return convert(ev, &p.value.force(ev)?, depth + 1, budget);
            }
            let mut out = Map::new();
            for (k, e) in a.iter() {
                let item = e.value.force(ev)?;
                // `lib.mkIf false …` leaves the attribute out.
                if matches!(item.kind, ValueKind::Unset) {
                    continue;
                }
                spend(budget, k.len(), item.span)?;
                out.insert(k.to_string(), convert(ev, &item, depth + 1, budget)?);
            }
            serde_json::Value::Object(out)
        }
        ValueKind::Function(_) => {
            return Err(errors::error(
                "eval::type-mismatch",
                "cannot convert a function to JSON",
                v.span,
                "this is a function",
            ));
        }
        ValueKind::Ref(r) => {
            return Err(errors::reference(
                r,
                "a concrete value to convert to JSON",
                v.span,
            ));
        }
        ValueKind::Unset => {
            return Err(errors::expected("a value in this list", v, v.span));
        }
    })
}

/// Forces every thunk reachable from `v` (`builtins.deepSeq`).
pub fn deep_force(ev: &Evaluator, v: &Value, depth: usize) -> Result<(), EvalError> {
    if depth > MAX_DEPTH {
        return Err(too_deep(v.span));
    }
    match &v.kind {
        ValueKind::List(items) => {
            for t in items.iter() {
                deep_force(ev, &t.force(ev)?, depth + 1)?;
            }
        }
        ValueKind::Attrs(a) => {
            for e in a.values() {
                deep_force(ev, &e.value.force(ev)?, depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `builtins.fromJSON`: integers that fit stay integers.
pub fn from_json(text: &str, at: Span) -> Result<Value, EvalError> {
    let j: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        errors::error(
            "eval::argument",
            format!("invalid JSON: {e}"),
            at,
            "passed to `builtins.fromJSON` here",
        )
    })?;
    Ok(from_value(&j, at))
}

fn from_value(j: &serde_json::Value, at: Span) -> Value {
    let kind = match j {
        serde_json::Value::Null => ValueKind::Null,
        serde_json::Value::Bool(b) => ValueKind::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => ValueKind::Int(i),
            None => ValueKind::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => ValueKind::Str(Rc::from(s.as_str())),
        serde_json::Value::Array(items) => ValueKind::List(
            items
                .iter()
                .map(|i| Thunk::ready(from_value(i, at)))
                .collect::<Vec<_>>()
                .into(),
        ),
        serde_json::Value::Object(m) => {
            let a: Attrs = m
                .iter()
                .map(|(k, v)| {
                    (
                        Rc::from(k.as_str()),
                        AttrEntry {
                            value: Thunk::ready(from_value(v, at)),
                            key_span: at,
                        },
                    )
                })
                .collect();
            ValueKind::Attrs(Rc::new(a))
        }
    };
    Value { kind, span: at }
}
