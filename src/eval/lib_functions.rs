//! The part of nixpkgs' `lib` that devbox-gen evaluates itself. Selecting any
//! other name from `lib` gives an opaque reference (`lib.types.str`), which is an
//! error only if its value is needed.

use std::rc::Rc;

use crate::source::Span;

use super::builtins::{self, BuiltinDef, Call};
use super::function::Function;
use super::thunk::Thunk;
use super::value::{AttrEntry, Attrs, Value, ValueKind};
use super::{EvalError, Evaluator, errors, ops};

/// `lib.strings.hasPrefix` is `lib.hasPrefix`.
const NAMESPACES: &[&str] = &["attrsets", "lists", "modules", "strings", "trivial"];

pub fn is_namespace(name: &str) -> bool {
    NAMESPACES.contains(&name)
}

/// Builtins that nixpkgs' lib re-exports under the same name.
const FROM_BUILTINS: &[&str] = &[
    "add",
    "all",
    "any",
    "attrNames",
    "attrValues",
    "bitAnd",
    "bitOr",
    "bitXor",
    "catAttrs",
    "concatLists",
    "concatMap",
    "concatStringsSep",
    "deepSeq",
    "elem",
    "elemAt",
    "filter",
    "foldl'",
    "fromJSON",
    "functionArgs",
    "genList",
    "getAttr",
    "groupBy",
    "hasAttr",
    "head",
    "intersectAttrs",
    "isAttrs",
    "isBool",
    "isFloat",
    "isFunction",
    "isInt",
    "isList",
    "isPath",
    "isString",
    "length",
    "listToAttrs",
    "map",
    "mapAttrs",
    "mul",
    "partition",
    "readFile",
    "removeAttrs",
    "replaceStrings",
    "seq",
    "sort",
    "stringLength",
    "sub",
    "substring",
    "tail",
    "toJSON",
    "toString",
    "typeOf",
    "zipAttrsWith",
];

/// `lib.<name>` as one of our functions, if we have it.
pub fn lookup(ev: &Evaluator, name: &str, at: Span) -> Option<Value> {
    let _ = ev;
    let def = LIB.iter().find(|d| d.has_short_name(name)).or_else(|| {
        FROM_BUILTINS
            .contains(&name)
            .then(|| builtins::lookup_def(name))
            .flatten()
    })?;
    Some(Value {
        kind: ValueKind::Function(Rc::new(Function::builtin(def))),
        span: at,
    })
}

macro_rules! defs {
    ($($name:literal / $arity:literal => $run:expr),* $(,)?) => {
        &[$(BuiltinDef { name: $name, arity: $arity, run: $run }),*]
    };
}

static LIB: &[BuiltinDef] = defs![
    "lib.attrByPath" / 3 => attr_by_path,
    "lib.boolToString" / 1 => |c| Ok(c.str_value(if c.bool(0)? { "true" } else { "false" })),
    "lib.concatMapStrings" / 2 => |c| concat_map_strings(c, "", 0),
    "lib.concatMapStringsSep" / 3 => |c| {
        let sep = c.coerced(0)?;
        concat_map_strings(c, &sep, 1)
    },
    "lib.concatStrings" / 1 => concat_strings,
    "lib.const" / 2 => |c| c.force(0),
    "lib.count" / 2 => count,
    "lib.drop" / 2 => |c| {
        let n = usize::try_from(c.int(0)?).unwrap_or(0);
        let l = c.list(1)?;
        Ok(c.list_value(l.iter().skip(n).cloned().collect()))
    },
    // nixpkgs: `fileContents = file: removeSuffix "\n" (builtins.readFile file)`.
    "lib.fileContents" / 1 => |c| {
        let v = c.force(0)?;
        let path = super::expr::as_path(c.ev, &v, c.span(0))?;
        let text = c.ev.read_text_file(&path, c.at)?;
        Ok(c.str_value(text.strip_suffix('\n').unwrap_or(&text)))
    },
    "lib.filterAttrs" / 2 => filter_attrs,
    "lib.findFirst" / 3 => find_first,
    "lib.flatten" / 1 => flatten,
    "lib.flip" / 3 => |c| {
        let f = c.function(0)?;
        c.apply(&f, &[c.args[2].clone(), c.args[1].clone()])
    },
    "lib.foldl" / 3 => |c| builtins::lookup_def("foldl'").map_or_else(|| Err(internal(c)), |d| (d.run)(c)),
    "lib.foldr" / 3 => foldr,
    "lib.genAttrs" / 2 => gen_attrs,
    "lib.hasAttrByPath" / 2 => has_attr_by_path,
    "lib.hasInfix" / 2 => |c| {
        let (infix, s) = (c.coerced(0)?, c.coerced(1)?);
        Ok(c.value(ValueKind::Bool(s.contains(&infix))))
    },
    "lib.hasPrefix" / 2 => |c| {
        let (p, s) = (c.coerced(0)?, c.coerced(1)?);
        Ok(c.value(ValueKind::Bool(s.starts_with(&p))))
    },
    "lib.hasSuffix" / 2 => |c| {
        let (p, s) = (c.coerced(0)?, c.coerced(1)?);
        Ok(c.value(ValueKind::Bool(s.ends_with(&p))))
    },
    "lib.id" / 1 => |c| c.force(0),
    "lib.imap0" / 2 => |c| imap(c, 0),
    "lib.imap1" / 2 => |c| imap(c, 1),
    "lib.importJSON" / 1 => |c| {
        let text = builtins::lookup_def("readFile").map_or_else(|| Err(internal(c)), |d| (d.run)(c))?;
        match &text.kind {
            ValueKind::Str(s) => super::json::from_json(s, c.at),
            _ => Err(internal(c)),
        }
    },
    "lib.init" / 1 => |c| {
        let l = c.list(0)?;
        if l.is_empty() {
            return Err(errors::error("eval::index", "`lib.init` of an empty list", c.span(0), "this list is empty"));
        }
        Ok(c.list_value(l[..l.len() - 1].to_vec()))
    },
    "lib.last" / 1 => |c| match c.list(0)?.last() {
        Some(t) => t.force(c.ev),
        None => Err(errors::error("eval::index", "`lib.last` of an empty list", c.span(0), "this list is empty")),
    },
    "lib.mapAttrs'" / 2 => map_attrs_prime,
    "lib.mapAttrsToList" / 2 => map_attrs_to_list,
    // The module system's properties, as nixpkgs' lib/modules.nix builds them:
    // marker sets that the model resolves (users.nix as NixOS would).
    "lib.mkAfter" / 1 => |c| Ok(property(c, "order", Some(("priority", int_thunk(c, 1500))), ("content", 0))),
    "lib.mkBefore" / 1 => |c| Ok(property(c, "order", Some(("priority", int_thunk(c, 500))), ("content", 0))),
    "lib.mkDefault" / 1 => |c| Ok(property(c, "override", Some(("priority", int_thunk(c, 1000))), ("content", 0))),
    "lib.mkForce" / 1 => |c| Ok(property(c, "override", Some(("priority", int_thunk(c, 50))), ("content", 0))),
    "lib.mkIf" / 2 => |c| Ok(property(c, "if", Some(("condition", c.args[0].clone())), ("content", 1))),
    "lib.mkMerge" / 1 => |c| Ok(property(c, "merge", None, ("contents", 0))),
    "lib.mkOptionDefault" / 1 => |c| Ok(property(c, "override", Some(("priority", int_thunk(c, 1500))), ("content", 0))),
    "lib.mkOrder" / 2 => |c| Ok(property(c, "order", Some(("priority", c.args[0].clone())), ("content", 1))),
    "lib.mkOverride" / 2 => |c| Ok(property(c, "override", Some(("priority", c.args[0].clone())), ("content", 1))),
    "lib.nameValuePair" / 2 => |c| {
        Ok(set_of(c, vec![("name", c.args[0].clone()), ("value", c.args[1].clone())]))
    },
    "lib.optional" / 2 => |c| {
        Ok(c.list_value(if c.bool(0)? { vec![c.args[1].clone()] } else { Vec::new() }))
    },
    "lib.optionalAttrs" / 2 => |c| {
        if c.bool(0)? {
            let a = c.attrs(1)?;
            Ok(c.value(ValueKind::Attrs(a)))
        } else {
            Ok(c.value(ValueKind::Attrs(Rc::new(Attrs::new()))))
        }
    },
    "lib.optionalString" / 2 => |c| {
        if c.bool(0)? { Ok(c.str_value(c.coerced(1)?)) } else { Ok(c.str_value("")) }
    },
    "lib.optionals" / 2 => |c| {
        if c.bool(0)? {
            let l = c.list(1)?;
            Ok(c.value(ValueKind::List(l)))
        } else {
            Ok(c.list_value(Vec::new()))
        }
    },
    "lib.pipe" / 2 => |c| {
        let mut cur = c.args[0].clone();
        for f in c.list(1)?.iter() {
            let f = f.force(c.ev)?;
            cur = Thunk::ready(c.apply(&f, &[cur])?);
        }
        cur.force(c.ev)
    },
    "lib.range" / 2 => |c| {
        let (a, b) = (c.int(0)?, c.int(1)?);
        if b.saturating_sub(a) > 1_000_000 {
            return Err(errors::error("eval::argument", "`lib.range` of more than a million elements", c.at, "too long"));
        }
        Ok(c.list_value((a..=b).map(|i| c.ready(ValueKind::Int(i))).collect()))
    },
    "lib.recursiveUpdate" / 2 => |c| {
        let (l, r) = (c.force(0)?, c.force(1)?);
        recursive_update(c.ev, &l, &r, c.at)
    },
    "lib.removePrefix" / 2 => |c| {
        let (p, s) = (c.coerced(0)?, c.coerced(1)?);
        Ok(c.str_value(s.strip_prefix(&p).unwrap_or(&s)))
    },
    "lib.removeSuffix" / 2 => |c| {
        let (p, s) = (c.coerced(0)?, c.coerced(1)?);
        Ok(c.str_value(s.strip_suffix(&p).unwrap_or(&s)))
    },
    "lib.reverseList" / 1 => |c| {
        let l = c.list(0)?;
        Ok(c.list_value(l.iter().rev().cloned().collect()))
    },
    "lib.setAttrByPath" / 2 => set_attr_by_path,
    "lib.splitString" / 2 => |c| {
        let (sep, s) = (c.coerced(0)?, c.coerced(1)?);
        let parts: Vec<Thunk> = if sep.is_empty() {
            vec![c.ready(ValueKind::Str(Rc::from(s.as_str())))]
        } else {
            s.split(sep.as_str()).map(|p| c.ready(ValueKind::Str(Rc::from(p)))).collect()
        };
        Ok(c.list_value(parts))
    },
    "lib.sublist" / 3 => |c| {
        let start = usize::try_from(c.int(0)?).unwrap_or(0);
        let n = usize::try_from(c.int(1)?).unwrap_or(0);
        let l = c.list(2)?;
        Ok(c.list_value(l.iter().skip(start).take(n).cloned().collect()))
    },
    "lib.take" / 2 => |c| {
        let n = usize::try_from(c.int(0)?).unwrap_or(0);
        let l = c.list(1)?;
        Ok(c.list_value(l.iter().take(n).cloned().collect()))
    },
    "lib.toLower" / 1 => |c| Ok(c.str_value(c.coerced(0)?.to_ascii_lowercase())),
    "lib.toUpper" / 1 => |c| Ok(c.str_value(c.coerced(0)?.to_ascii_uppercase())),
    // nixpkgs' `trim`: spaces, tabs, carriage returns and newlines off both ends.
    "lib.trim" / 1 => |c| Ok(c.str_value(c.coerced(0)?.trim_matches([' ', '\t', '\r', '\n']))),
    "lib.unique" / 1 => unique,
];

fn internal(c: &Call) -> EvalError {
    errors::error(
        "eval::internal",
        format!("`{}` is misconfigured", c.name),
        c.at,
        "called here",
    )
}

/// `{ _type = KIND; <extra>; <content> = argument; }`, as nixpkgs' `mkIf` & co.
fn property(c: &Call, kind: &str, extra: Option<(&str, Thunk)>, content: (&str, usize)) -> Value {
    let mut items = vec![
        ("_type", Thunk::ready(c.str_value(kind))),
        (content.0, c.args[content.1].clone()),
    ];
    items.extend(extra);
    set_of(c, items)
}

fn int_thunk(c: &Call, i: i64) -> Thunk {
    Thunk::ready(c.value(ValueKind::Int(i)))
}

fn set_of(c: &Call, items: Vec<(&str, Thunk)>) -> Value {
    let a: Attrs = items
        .into_iter()
        .map(|(k, t)| {
            (
                Rc::from(k),
                AttrEntry {
                    value: t,
                    key_span: c.at,
                },
            )
        })
        .collect();
    c.value(ValueKind::Attrs(Rc::new(a)))
}

fn path_names(c: &Call, i: usize) -> Result<Vec<Rc<str>>, EvalError> {
    let mut out = Vec::new();
    for t in c.list(i)?.iter() {
        let v = t.force(c.ev)?;
        match &v.kind {
            ValueKind::Str(s) => out.push(Rc::clone(s)),
            _ => {
                return Err(errors::expected(
                    "a string in the attribute path",
                    &v,
                    t.span(),
                ));
            }
        }
    }
    Ok(out)
}

/// Follows `path` from `set`: the value at its end, or `None` where an
/// attribute is missing or a step is not a set.
fn follow_path(c: &Call, path: &[Rc<str>], set: Value) -> Result<Option<Value>, EvalError> {
    let mut cur = set;
    for name in path {
        let next = match &cur.kind {
            ValueKind::Attrs(a) => a.get(name).map(|e| e.value.clone()),
            _ => None,
        };
        match next {
            Some(t) => cur = t.force(c.ev)?,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

fn attr_by_path(c: &Call) -> Result<Value, EvalError> {
    let path = path_names(c, 0)?;
    match follow_path(c, &path, c.force(2)?)? {
        Some(v) => Ok(v),
        None => c.force(1),
    }
}

fn has_attr_by_path(c: &Call) -> Result<Value, EvalError> {
    let path = path_names(c, 0)?;
    let found = follow_path(c, &path, c.force(1)?)?.is_some();
    Ok(c.value(ValueKind::Bool(found)))
}

fn set_attr_by_path(c: &Call) -> Result<Value, EvalError> {
    let path = path_names(c, 0)?;
    let mut cur = c.args[1].clone();
    for name in path.iter().rev() {
        let mut a = Attrs::new();
        a.insert(
            Rc::clone(name),
            AttrEntry {
                value: cur,
                key_span: c.at,
            },
        );
        cur = Thunk::ready(c.value(ValueKind::Attrs(Rc::new(a))));
    }
    cur.force(c.ev)
}

fn concat_strings(c: &Call) -> Result<Value, EvalError> {
    let mut out = super::limits::CappedString::new(c.at);
    for t in c.list(0)?.iter() {
        let v = t.force(c.ev)?;
        out.push_str(&super::strings::coerce(
            c.ev,
            &v,
            t.span(),
            super::strings::Coerce::Interpolate,
        )?)?;
    }
    Ok(c.str_value(out.s))
}

fn concat_map_strings(c: &Call, sep: &str, first: usize) -> Result<Value, EvalError> {
    let f = c.function(first)?;
    let mut out = super::limits::CappedString::new(c.at);
    for (i, t) in c.list(first + 1)?.iter().enumerate() {
        let v = c.apply(&f, std::slice::from_ref(t))?;
        if i > 0 {
            out.push_str(sep)?;
        }
        out.push_str(&super::strings::coerce(
            c.ev,
            &v,
            c.at,
            super::strings::Coerce::Interpolate,
        )?)?;
    }
    Ok(c.str_value(out.s))
}

fn predicate(c: &Call, f: &Value, args: &[Thunk]) -> Result<bool, EvalError> {
    let r = c.apply(f, args)?;
    match r.kind {
        ValueKind::Bool(b) => Ok(b),
        _ => Err(errors::expected(
            &format!("a bool from the predicate of `{}`", c.name),
            &r,
            c.at,
        )),
    }
}

fn count(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut n = 0i64;
    for t in c.list(1)?.iter() {
        if predicate(c, &f, std::slice::from_ref(t))? {
            n += 1;
        }
    }
    Ok(c.value(ValueKind::Int(n)))
}

fn filter_attrs(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let a = c.attrs(1)?;
    let mut out = Attrs::new();
    for (k, e) in a.iter() {
        let name = Thunk::ready(Value {
            kind: ValueKind::Str(Rc::clone(k)),
            span: e.key_span,
        });
        if predicate(c, &f, &[name, e.value.clone()])? {
            out.insert(Rc::clone(k), e.clone());
        }
    }
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

fn find_first(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    for t in c.list(2)?.iter() {
        if predicate(c, &f, std::slice::from_ref(t))? {
            return t.force(c.ev);
        }
    }
    c.force(1)
}

fn flatten(c: &Call) -> Result<Value, EvalError> {
    fn go(ev: &Evaluator, v: &Value, out: &mut Vec<Thunk>, depth: usize) -> Result<(), EvalError> {
        if depth > super::MAX_DEPTH {
            return Err(errors::error(
                "eval::depth",
                "list nested too deeply for `lib.flatten`",
                v.span,
                "here",
            ));
        }
        match &v.kind {
            ValueKind::List(l) => {
                for t in l.iter() {
                    go(ev, &t.force(ev)?, out, depth + 1)?;
                }
            }
            _ => out.push(Thunk::ready(v.clone())),
        }
        Ok(())
    }
    let v = c.force(0)?;
    let mut out = Vec::new();
    go(c.ev, &v, &mut out, 0)?;
    Ok(c.list_value(out))
}

fn foldr(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut acc = c.args[1].clone();
    for t in c.list(2)?.iter().rev() {
        acc = Thunk::ready(c.apply(&f, &[t.clone(), acc])?);
    }
    acc.force(c.ev)
}

fn gen_attrs(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(1)?;
    let list = c.list(0)?;
    // Collected, then sorted once (the last of equal names wins).
    let mut out = Vec::with_capacity(list.len());
    for t in list.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::Str(name) = &v.kind else {
            return Err(errors::expected(
                "a string in the list of `lib.genAttrs`",
                &v,
                t.span(),
            ));
        };
        out.push((
            Rc::clone(name),
            AttrEntry {
                value: c.apply_lazy(&f, vec![t.clone()]),
                key_span: t.span(),
            },
        ));
    }
    let out: Attrs = out.into_iter().collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

fn imap(c: &Call, base: i64) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let items = c
        .list(1)?
        .iter()
        .zip(base..)
        .map(|(t, i)| c.apply_lazy(&f, vec![c.ready(ValueKind::Int(i)), t.clone()]))
        .collect();
    Ok(c.list_value(items))
}

fn map_attrs_to_list(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let a = c.attrs(1)?;
    let items = a
        .iter()
        .map(|(k, e)| {
            let name = Thunk::ready(Value {
                kind: ValueKind::Str(Rc::clone(k)),
                span: e.key_span,
            });
            c.apply_lazy(&f, vec![name, e.value.clone()])
        })
        .collect();
    Ok(c.list_value(items))
}

fn map_attrs_prime(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let a = c.attrs(1)?;
    let mut out = Attrs::new();
    for (k, e) in a.iter() {
        let name = Thunk::ready(Value {
            kind: ValueKind::Str(Rc::clone(k)),
            span: e.key_span,
        });
        let pair = c.apply(&f, &[name, e.value.clone()])?;
        let ValueKind::Attrs(p) = &pair.kind else {
            return Err(errors::expected(
                "a `{ name; value; }` set from the function of `lib.mapAttrs'`",
                &pair,
                c.at,
            ));
        };
        let n = super::expr::select_one(c.ev, &pair, "name", c.at)?.force(c.ev)?;
        let ValueKind::Str(n) = &n.kind else {
            return Err(errors::expected("a string as `name`", &n, c.at));
        };
        let Some(value) = p.get("value") else {
            return Err(errors::missing_attribute(
                "value",
                c.at,
                pair.span,
                p.keys().map(AsRef::as_ref),
            ));
        };
        // Like `listToAttrs`: the first pair with a name wins.
        out.entry(Rc::clone(n)).or_insert_with(|| AttrEntry {
            value: value.value.clone(),
            key_span: e.key_span,
        });
    }
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

/// nixpkgs' `recursiveUpdate`: merge where both sides are sets, else the right wins.
fn recursive_update(ev: &Evaluator, l: &Value, r: &Value, at: Span) -> Result<Value, EvalError> {
    let ValueKind::Attrs(la) = &l.kind else {
        return Err(errors::expected(
            "a set as an argument of `lib.recursiveUpdate`",
            l,
            at,
        ));
    };
    let ValueKind::Attrs(ra) = &r.kind else {
        return Err(errors::expected(
            "a set as an argument of `lib.recursiveUpdate`",
            r,
            at,
        ));
    };
    let mut out = (**la).clone();
    // Both sides are sorted: `extend` merges them in one pass (the right wins).
    out.extend(ra.iter().map(|(k, re)| {
        let entry = match la.get(k) {
            None => re.clone(),
            Some(le) => {
                let (lt, rt) = (le.value.clone(), re.value.clone());
                let value = Thunk::delayed(rt.span(), move |ev| {
                    let (lv, rv) = (lt.force(ev)?, rt.force(ev)?);
                    if matches!(lv.kind, ValueKind::Attrs(_))
                        && matches!(rv.kind, ValueKind::Attrs(_))
                    {
                        recursive_update(ev, &lv, &rv, at)
                    } else {
                        Ok(rv)
                    }
                });
                AttrEntry {
                    value,
                    key_span: re.key_span,
                }
            }
        };
        (Rc::clone(k), entry)
    }));
    let _ = ev;
    Ok(Value {
        kind: ValueKind::Attrs(Rc::new(out)),
        span: at,
    })
}

fn unique(c: &Call) -> Result<Value, EvalError> {
    let mut kept: Vec<(Thunk, Value)> = Vec::new();
    for t in c.list(0)?.iter() {
        let v = t.force(c.ev)?;
        let mut seen = false;
        for (_, k) in &kept {
            if ops::equal(c.ev, k, &v, c.at, 0)? {
                seen = true;
                break;
            }
        }
        if !seen {
            kept.push((t.clone(), v));
        }
    }
    Ok(c.list_value(kept.into_iter().map(|(t, _)| t).collect()))
}
