//! `builtins.*` and the global names of Nix's base environment.
//!
//! Only well-defined, pure builtins are implemented. Impure or store-bound ones
//! (`fetchurl`, `derivation`, `currentTime`, …) exist, so their names resolve as
//! in Nix, but fail when called or selected: outside the static subset.

use std::rc::Rc;

use rnix::ast::BinOpKind;

use crate::source::Span;

use super::function::{self, Function};
use super::limits;
use super::scope::{self, Scope};
use super::strings::{self, Coerce};
use super::thunk::Thunk;
use super::value::{AttrEntry, Attrs, Value, ValueKind};
use super::{EvalError, Evaluator, errors, expr, json, ops};

/// A builtin: called once it has `arity` arguments.
pub struct BuiltinDef {
    /// As shown in messages: `builtins.map`, `lib.optional`.
    pub name: &'static str,
    pub arity: usize,
    pub run: fn(&Call) -> Result<Value, EvalError>,
}

impl BuiltinDef {
    pub fn short_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    /// `short_name() == name` without searching for the dot (a hot path: every
    /// `lib.<name>` selection scans the tables).
    pub fn has_short_name(&self, name: &str) -> bool {
        !name.contains('.')
            && self
                .name
                .strip_suffix(name)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
    }
}

/// One saturated call of a builtin.
pub struct Call<'a> {
    pub ev: &'a Evaluator,
    pub args: &'a [Thunk],
    /// The call expression.
    pub at: Span,
    pub name: &'static str,
}

impl Call<'_> {
    pub fn force(&self, i: usize) -> Result<Value, EvalError> {
        // `run` is only called with `arity` arguments, so this always finds one.
        match self.args.get(i) {
            Some(t) => t.force(self.ev),
            None => Err(errors::error(
                "eval::internal",
                format!("`{}` called with too few arguments", self.name),
                self.at,
                "called here",
            )),
        }
    }

    pub fn span(&self, i: usize) -> Span {
        self.args.get(i).map_or(self.at, Thunk::span)
    }

    pub fn expected(&self, i: usize, what: &str, v: &Value) -> EvalError {
        errors::expected(
            &format!("{what} as an argument of `{}`", self.name),
            v,
            self.span(i),
        )
    }

    pub fn value(&self, kind: ValueKind) -> Value {
        Value {
            kind,
            span: self.at,
        }
    }

    pub fn string(&self, i: usize) -> Result<Rc<str>, EvalError> {
        let v = self.force(i)?;
        match &v.kind {
            ValueKind::Str(s) => Ok(Rc::clone(s)),
            _ => Err(self.expected(i, "a string", &v)),
        }
    }

    /// A string argument Nix coerces (`__toString`/`outPath` sets allowed).
    pub fn coerced(&self, i: usize) -> Result<String, EvalError> {
        let v = self.force(i)?;
        strings::coerce(self.ev, &v, self.span(i), Coerce::Interpolate)
    }

    pub fn int(&self, i: usize) -> Result<i64, EvalError> {
        let v = self.force(i)?;
        match v.kind {
            ValueKind::Int(n) => Ok(n),
            _ => Err(self.expected(i, "an int", &v)),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, EvalError> {
        let v = self.force(i)?;
        match v.kind {
            ValueKind::Bool(b) => Ok(b),
            _ => Err(self.expected(i, "a bool", &v)),
        }
    }

    pub fn list(&self, i: usize) -> Result<Rc<[Thunk]>, EvalError> {
        let v = self.force(i)?;
        match &v.kind {
            ValueKind::List(l) => Ok(Rc::clone(l)),
            _ => Err(self.expected(i, "a list", &v)),
        }
    }

    pub fn attrs(&self, i: usize) -> Result<Rc<Attrs>, EvalError> {
        let v = self.force(i)?;
        match &v.kind {
            ValueKind::Attrs(a) => Ok(Rc::clone(a)),
            _ => Err(self.expected(i, "a set", &v)),
        }
    }

    pub fn function(&self, i: usize) -> Result<Value, EvalError> {
        let v = self.force(i)?;
        match &v.kind {
            ValueKind::Function(_) => Ok(v),
            ValueKind::Attrs(a) if a.contains_key("__functor") => Ok(v),
            _ => Err(self.expected(i, "a function", &v)),
        }
    }

    /// `f a b …`, strictly.
    pub fn apply(&self, f: &Value, args: &[Thunk]) -> Result<Value, EvalError> {
        let mut cur = f.clone();
        for a in args {
            cur = function::apply(self.ev, &cur, a.clone(), self.at)?;
        }
        Ok(cur)
    }

    /// `f a b …`, as a thunk evaluated on demand.
    pub fn apply_lazy(&self, f: &Value, args: Vec<Thunk>) -> Thunk {
        let f = f.clone();
        let at = self.at;
        Thunk::delayed(at, move |ev| {
            let mut cur = f;
            for a in args {
                cur = function::apply(ev, &cur, a, at)?;
            }
            Ok(cur)
        })
    }

    pub fn list_value(&self, items: Vec<Thunk>) -> Value {
        self.value(ValueKind::List(items.into()))
    }

    pub fn str_value(&self, s: impl Into<Rc<str>>) -> Value {
        self.value(ValueKind::Str(s.into()))
    }

    pub fn ready(&self, kind: ValueKind) -> Thunk {
        Thunk::ready(self.value(kind))
    }
}

macro_rules! defs {
    ($($name:literal / $arity:literal => $run:expr),* $(,)?) => {
        &[$(BuiltinDef { name: $name, arity: $arity, run: $run }),*]
    };
}

pub static BUILTINS: &[BuiltinDef] = defs![
    "builtins.abort" / 1 => abort,
    "builtins.add" / 2 => |c| num_op(c, BinOpKind::Add),
    "builtins.all" / 2 => |c| any_all(c, false),
    "builtins.any" / 2 => |c| any_all(c, true),
    "builtins.attrNames" / 1 => attr_names,
    "builtins.attrValues" / 1 => attr_values,
    "builtins.baseNameOf" / 1 => base_name_of,
    "builtins.bitAnd" / 2 => |c| bit_op(c, |a, b| a & b),
    "builtins.bitOr" / 2 => |c| bit_op(c, |a, b| a | b),
    "builtins.bitXor" / 2 => |c| bit_op(c, |a, b| a ^ b),
    "builtins.catAttrs" / 2 => cat_attrs,
    "builtins.concatLists" / 1 => concat_lists,
    "builtins.concatMap" / 2 => concat_map,
    "builtins.concatStringsSep" / 2 => concat_strings_sep,
    "builtins.deepSeq" / 2 => deep_seq,
    "builtins.dirOf" / 1 => dir_of,
    "builtins.div" / 2 => |c| num_op(c, BinOpKind::Div),
    "builtins.elem" / 2 => elem,
    "builtins.elemAt" / 2 => elem_at,
    "builtins.filter" / 2 => filter,
    "builtins.foldl'" / 3 => foldl_strict,
    "builtins.fromJSON" / 1 => from_json,
    "builtins.functionArgs" / 1 => function_args,
    "builtins.genList" / 2 => gen_list,
    "builtins.getAttr" / 2 => get_attr,
    "builtins.groupBy" / 2 => group_by,
    "builtins.hasAttr" / 2 => has_attr,
    "builtins.head" / 1 => head,
    "builtins.import" / 1 => import,
    "builtins.intersectAttrs" / 2 => intersect_attrs,
    "builtins.isAttrs" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Attrs(_))),
    "builtins.isBool" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Bool(_))),
    "builtins.isFloat" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Float(_))),
    "builtins.isFunction" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Function(_))),
    "builtins.isInt" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Int(_))),
    "builtins.isList" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::List(_))),
    "builtins.isNull" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Null)),
    "builtins.isPath" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Path(_))),
    "builtins.isString" / 1 => |c| is_kind(c, |k| matches!(k, ValueKind::Str(_))),
    "builtins.length" / 1 => length,
    "builtins.lessThan" / 2 => less_than,
    "builtins.listToAttrs" / 1 => list_to_attrs,
    "builtins.map" / 2 => map,
    "builtins.mapAttrs" / 2 => map_attrs,
    "builtins.match" / 2 => regex_match,
    "builtins.mul" / 2 => |c| num_op(c, BinOpKind::Mul),
    "builtins.partition" / 2 => partition,
    "builtins.pathExists" / 1 => path_exists,
    "builtins.readDir" / 1 => read_dir,
    "builtins.readFile" / 1 => read_file,
    "builtins.removeAttrs" / 2 => remove_attrs,
    "builtins.replaceStrings" / 3 => replace_strings,
    "builtins.seq" / 2 => seq,
    "builtins.sort" / 2 => sort,
    "builtins.split" / 2 => regex_split,
    "builtins.stringLength" / 1 => string_length,
    "builtins.sub" / 2 => |c| num_op(c, BinOpKind::Sub),
    "builtins.substring" / 3 => substring,
    "builtins.tail" / 1 => tail,
    "builtins.throw" / 1 => throw,
    "builtins.toJSON" / 1 => to_json,
    "builtins.toString" / 1 => to_string,
    "builtins.trace" / 2 => |c| c.force(1),
    "builtins.typeOf" / 1 => type_of,
    "builtins.unsafeDiscardStringContext" / 1 => |c| Ok(c.str_value(c.string(0)?)),
    "builtins.zipAttrsWith" / 2 => zip_attrs_with,
    // Impure or store-bound: they resolve, but calling them is refused.
    "builtins.derivation" / 1 => unsupported_call,
    "builtins.derivationStrict" / 1 => unsupported_call,
    "builtins.fetchGit" / 1 => unsupported_call,
    "builtins.fetchMercurial" / 1 => unsupported_call,
    "builtins.fetchTarball" / 1 => unsupported_call,
    "builtins.fetchTree" / 1 => unsupported_call,
    "builtins.fetchurl" / 1 => unsupported_call,
    "builtins.filterSource" / 1 => unsupported_call,
    "builtins.findFile" / 1 => unsupported_call,
    "builtins.fromTOML" / 1 => unsupported_call,
    "builtins.getEnv" / 1 => unsupported_call,
    "builtins.getFlake" / 1 => unsupported_call,
    "builtins.hashFile" / 1 => unsupported_call,
    "builtins.hashString" / 1 => unsupported_call,
    "builtins.path" / 1 => unsupported_call,
    "builtins.placeholder" / 1 => unsupported_call,
    "builtins.scopedImport" / 1 => unsupported_call,
    "builtins.storePath" / 1 => unsupported_call,
    "builtins.toFile" / 1 => unsupported_call,
    "builtins.toPath" / 1 => unsupported_call,
    "builtins.tryEval" / 1 => unsupported_call,
];

/// Builtin constants that depend on the machine or the moment.
const UNSUPPORTED_CONSTANTS: &[&str] = &[
    "currentSystem",
    "currentTime",
    "langVersion",
    "nixPath",
    "nixVersion",
    "storeDir",
];

/// The message subject for an unsupported constant, if `name` is one.
pub fn unsupported_constant(name: &str) -> Option<&'static str> {
    UNSUPPORTED_CONSTANTS
        .iter()
        .find(|c| **c == name)
        .map(|c| match *c {
            "currentSystem" => "`builtins.currentSystem`",
            "currentTime" => "`builtins.currentTime`",
            "langVersion" => "`builtins.langVersion`",
            "nixPath" => "`builtins.nixPath`",
            "nixVersion" => "`builtins.nixVersion`",
            _ => "`builtins.storeDir`",
        })
}

/// Names of the base environment besides `builtins`, `true`, `false`, `null`.
const GLOBALS: &[&str] = &[
    "abort",
    "baseNameOf",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

pub fn lookup_def(short: &str) -> Option<&'static BuiltinDef> {
    BUILTINS.iter().find(|d| d.has_short_name(short))
}

fn function_value(def: &'static BuiltinDef, span: Span) -> Value {
    Value {
        kind: ValueKind::Function(Rc::new(Function::builtin(def))),
        span,
    }
}

pub fn builtins_attrs(span: Span) -> Attrs {
    let entry = |v: Value| AttrEntry {
        value: Thunk::ready(v),
        key_span: span,
    };
    let mut a = Attrs::new();
    for d in BUILTINS {
        a.insert(Rc::from(d.short_name()), entry(function_value(d, span)));
    }
    for (name, kind) in [
        ("true", ValueKind::Bool(true)),
        ("false", ValueKind::Bool(false)),
        ("null", ValueKind::Null),
    ] {
        a.insert(Rc::from(name), entry(Value { kind, span }));
    }
    for c in UNSUPPORTED_CONSTANTS {
        // Selection reports these with the selection's span (see `expr::select_one`);
        // this error is only met through `with builtins;` or `attrValues builtins`.
        let what = unsupported_constant(c).unwrap_or("this builtin");
        a.insert(
            Rc::from(*c),
            AttrEntry {
                value: Thunk::ready_error(span, errors::unsupported(what, span)),
                key_span: span,
            },
        );
    }
    a
}

pub fn global_scope(span: Span, builtins: &Rc<Attrs>) -> Scope {
    let mut b = scope::Bindings::new();
    b.insert(
        Rc::from("builtins"),
        Thunk::ready(Value {
            kind: ValueKind::Attrs(Rc::clone(builtins)),
            span,
        }),
    );
    for name in ["true", "false", "null"].iter().chain(GLOBALS) {
        if let Some(e) = builtins.get(*name) {
            b.insert(Rc::from(*name), e.value.clone());
        }
    }
    Scope::root(b)
}

// ---------------------------------------------------------------------------
// Implementations

fn unsupported_call(c: &Call) -> Result<Value, EvalError> {
    Err(errors::unsupported(&format!("calling `{}`", c.name), c.at))
}

fn abort(c: &Call) -> Result<Value, EvalError> {
    let msg = c.coerced(0)?;
    Err(errors::error(
        "eval::throw",
        format!("evaluation aborted: {msg}"),
        c.at,
        "aborted here",
    ))
}

fn throw(c: &Call) -> Result<Value, EvalError> {
    let msg = c.coerced(0)?;
    Err(errors::error("eval::throw", msg, c.at, "thrown here"))
}

fn num_op(c: &Call, op: BinOpKind) -> Result<Value, EvalError> {
    let (a, b) = (c.force(0)?, c.force(1)?);
    for (i, v) in [(0, &a), (1, &b)] {
        if !matches!(v.kind, ValueKind::Int(_) | ValueKind::Float(_)) {
            return Err(c.expected(i, "a number", v));
        }
    }
    let kind = if op == BinOpKind::Add {
        match (&a.kind, &b.kind) {
            (ValueKind::Int(x), ValueKind::Int(y)) => {
                ValueKind::Int(x.checked_add(*y).ok_or_else(|| {
                    errors::error(
                        "eval::overflow",
                        "integer overflow in `builtins.add`",
                        c.at,
                        "result does not fit in 64 bits",
                    )
                })?)
            }
            _ => {
                let f = |v: &Value| match v.kind {
                    #[allow(clippy::cast_precision_loss)]
                    ValueKind::Int(i) => i as f64,
                    ValueKind::Float(x) => x,
                    _ => 0.0,
                };
                ValueKind::Float(f(&a) + f(&b))
            }
        }
    } else {
        ops::arith_values(op, &a, &b, c.at, c.span(1))?
    };
    Ok(c.value(kind))
}

fn bit_op(c: &Call, f: fn(i64, i64) -> i64) -> Result<Value, EvalError> {
    Ok(c.value(ValueKind::Int(f(c.int(0)?, c.int(1)?))))
}

fn any_all(c: &Call, any: bool) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    for t in c.list(1)?.iter() {
        let r = c.apply(&f, std::slice::from_ref(t))?;
        let ValueKind::Bool(b) = r.kind else {
            return Err(errors::expected("a bool from the predicate", &r, c.at));
        };
        if b == any {
            return Ok(c.value(ValueKind::Bool(any)));
        }
    }
    Ok(c.value(ValueKind::Bool(!any)))
}

fn attr_names(c: &Call) -> Result<Value, EvalError> {
    let a = c.attrs(0)?;
    Ok(c.list_value(
        a.keys()
            .map(|k| c.ready(ValueKind::Str(Rc::clone(k))))
            .collect(),
    ))
}

fn attr_values(c: &Call) -> Result<Value, EvalError> {
    let a = c.attrs(0)?;
    Ok(c.list_value(a.values().map(|e| e.value.clone()).collect()))
}

/// Nix's `baseNameOf`: the last component, ignoring one trailing slash.
fn base_name_of(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let s = strings::coerce(c.ev, &v, c.span(0), Coerce::ToString)?;
    let trimmed = if s.len() > 1 {
        s.strip_suffix('/').unwrap_or(&s)
    } else {
        &s
    };
    let base = trimmed.rsplit('/').next().unwrap_or("");
    Ok(c.str_value(base))
}

/// Nix's `dirOf`: a path for a path, a string for a string.
fn dir_of(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let s = strings::coerce(c.ev, &v, c.span(0), Coerce::ToString)?;
    let dir = match s.rfind('/') {
        None => ".".to_owned(),
        Some(0) => "/".to_owned(),
        Some(i) => s[..i].to_owned(),
    };
    Ok(match v.kind {
        ValueKind::Path(_) => c.value(ValueKind::Path(Rc::new(dir.into()))),
        _ => c.str_value(dir),
    })
}

fn cat_attrs(c: &Call) -> Result<Value, EvalError> {
    let name = c.string(0)?;
    let mut out = Vec::new();
    for t in c.list(1)?.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::Attrs(a) = &v.kind else {
            return Err(errors::expected(
                "a set in the list of `builtins.catAttrs`",
                &v,
                t.span(),
            ));
        };
        if let Some(e) = a.get(&name) {
            out.push(e.value.clone());
        }
    }
    Ok(c.list_value(out))
}

fn concat_lists(c: &Call) -> Result<Value, EvalError> {
    let mut out = Vec::new();
    for t in c.list(0)?.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::List(l) = &v.kind else {
            return Err(errors::expected(
                "a list in the list of `builtins.concatLists`",
                &v,
                t.span(),
            ));
        };
        limits::list_len(out.len() + l.len(), c.at)?;
        out.extend(l.iter().cloned());
    }
    Ok(c.list_value(out))
}

fn concat_map(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut out = Vec::new();
    for t in c.list(1)?.iter() {
        let v = c.apply(&f, std::slice::from_ref(t))?;
        let ValueKind::List(l) = &v.kind else {
            return Err(errors::expected(
                "a list from the function of `builtins.concatMap`",
                &v,
                c.at,
            ));
        };
        limits::list_len(out.len() + l.len(), c.at)?;
        out.extend(l.iter().cloned());
    }
    Ok(c.list_value(out))
}

fn concat_strings_sep(c: &Call) -> Result<Value, EvalError> {
    let sep = c.coerced(0)?;
    let mut out = limits::CappedString::new(c.at);
    for (i, t) in c.list(1)?.iter().enumerate() {
        let v = t.force(c.ev)?;
        if i > 0 {
            out.push_str(&sep)?;
        }
        out.push_str(&strings::coerce(c.ev, &v, t.span(), Coerce::Interpolate)?)?;
    }
    Ok(c.str_value(out.s))
}

fn seq(c: &Call) -> Result<Value, EvalError> {
    c.force(0)?;
    c.force(1)
}

fn deep_seq(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    json::deep_force(c.ev, &v, 0)?;
    c.force(1)
}

fn elem(c: &Call) -> Result<Value, EvalError> {
    let x = c.force(0)?;
    for t in c.list(1)?.iter() {
        if ops::equal(c.ev, &x, &t.force(c.ev)?, c.at, 0)? {
            return Ok(c.value(ValueKind::Bool(true)));
        }
    }
    Ok(c.value(ValueKind::Bool(false)))
}

fn elem_at(c: &Call) -> Result<Value, EvalError> {
    let l = c.list(0)?;
    let n = c.int(1)?;
    match usize::try_from(n).ok().and_then(|i| l.get(i)) {
        Some(t) => t.force(c.ev),
        None => Err(errors::error(
            "eval::index",
            format!(
                "list index {n} is out of bounds (the list has {} elements)",
                l.len()
            ),
            c.span(1),
            "out of bounds",
        )),
    }
}

fn filter(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut out = Vec::new();
    for t in c.list(1)?.iter() {
        let r = c.apply(&f, std::slice::from_ref(t))?;
        match r.kind {
            ValueKind::Bool(true) => out.push(t.clone()),
            ValueKind::Bool(false) => {}
            _ => {
                return Err(errors::expected(
                    "a bool from the predicate of `builtins.filter`",
                    &r,
                    c.at,
                ));
            }
        }
    }
    Ok(c.list_value(out))
}

fn foldl_strict(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut acc = c.force(1)?;
    for t in c.list(2)?.iter() {
        acc = c.apply(&f, &[Thunk::ready(acc), t.clone()])?;
    }
    Ok(acc)
}

fn from_json(c: &Call) -> Result<Value, EvalError> {
    let s = c.string(0)?;
    json::from_json(&s, c.at)
}

fn to_json(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let j = json::to_json(c.ev, &v)?;
    Ok(c.str_value(j.to_string()))
}

fn function_args(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let ValueKind::Function(f) = &v.kind else {
        return Err(c.expected(0, "a function", &v));
    };
    let a: Attrs = function::formals(f)
        .into_iter()
        .map(|(name, has_default, span)| {
            let value = Thunk::ready(Value {
                kind: ValueKind::Bool(has_default),
                span,
            });
            (
                name,
                AttrEntry {
                    value,
                    key_span: span,
                },
            )
        })
        .collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(a))))
}

fn gen_list(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let n = c.int(1)?;
    if n < 0 {
        return Err(errors::error(
            "eval::argument",
            format!("cannot create a list of negative length {n}"),
            c.span(1),
            "negative length",
        ));
    }
    limits::list_len(usize::try_from(n).unwrap_or(usize::MAX), c.span(1))?;
    let items = (0..n)
        .map(|i| c.apply_lazy(&f, vec![c.ready(ValueKind::Int(i))]))
        .collect();
    Ok(c.list_value(items))
}

fn get_attr(c: &Call) -> Result<Value, EvalError> {
    let name = c.string(0)?;
    let v = c.force(1)?;
    expr::select_one(c.ev, &v, &name, c.at)?.force(c.ev)
}

fn group_by(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut groups: std::collections::BTreeMap<Rc<str>, Vec<Thunk>> =
        std::collections::BTreeMap::new();
    for t in c.list(1)?.iter() {
        let k = c.apply(&f, std::slice::from_ref(t))?;
        let ValueKind::Str(k) = &k.kind else {
            return Err(errors::expected(
                "a string from the function of `builtins.groupBy`",
                &k,
                c.at,
            ));
        };
        groups.entry(Rc::clone(k)).or_default().push(t.clone());
    }
    let a = groups
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                AttrEntry {
                    value: Thunk::ready(c.list_value(v)),
                    key_span: c.at,
                },
            )
        })
        .collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(a))))
}

fn has_attr(c: &Call) -> Result<Value, EvalError> {
    let name = c.string(0)?;
    let a = c.attrs(1)?;
    Ok(c.value(ValueKind::Bool(a.contains_key(&*name))))
}

fn head(c: &Call) -> Result<Value, EvalError> {
    match c.list(0)?.first() {
        Some(t) => t.force(c.ev),
        None => Err(errors::error(
            "eval::index",
            "`head` of an empty list",
            c.span(0),
            "this list is empty",
        )),
    }
}

fn tail(c: &Call) -> Result<Value, EvalError> {
    let l = c.list(0)?;
    if l.is_empty() {
        return Err(errors::error(
            "eval::index",
            "`tail` of an empty list",
            c.span(0),
            "this list is empty",
        ));
    }
    Ok(c.list_value(l[1..].to_vec()))
}

fn import(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let path = expr::as_path(c.ev, &v, c.span(0))?;
    c.ev.import(&path, c.at)
}

fn intersect_attrs(c: &Call) -> Result<Value, EvalError> {
    let a = c.attrs(0)?;
    let b = c.attrs(1)?;
    let out = b
        .iter()
        .filter(|(k, _)| a.contains_key(*k))
        .map(|(k, v)| (Rc::clone(k), v.clone()))
        .collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

fn is_kind(c: &Call, pred: fn(&ValueKind) -> bool) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    if let ValueKind::Ref(r) = &v.kind {
        return Err(errors::reference(
            r,
            &format!("a value whose type `{}` can test", c.name),
            c.span(0),
        ));
    }
    Ok(c.value(ValueKind::Bool(pred(&v.kind))))
}

fn length(c: &Call) -> Result<Value, EvalError> {
    let n = c.list(0)?.len();
    Ok(c.value(ValueKind::Int(i64::try_from(n).unwrap_or(i64::MAX))))
}

fn less_than(c: &Call) -> Result<Value, EvalError> {
    let (a, b) = (c.force(0)?, c.force(1)?);
    Ok(c.value(ValueKind::Bool(ops::less(c.ev, &a, &b, c.at)?)))
}

fn list_to_attrs(c: &Call) -> Result<Value, EvalError> {
    let list = c.list(0)?;
    // Collected, then sorted once: unsorted inserts into a sorted vector are quadratic.
    let mut items = Vec::with_capacity(list.len());
    for t in list.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::Attrs(item) = &v.kind else {
            return Err(errors::expected(
                "a set `{ name; value; }` in the list of `builtins.listToAttrs`",
                &v,
                t.span(),
            ));
        };
        let name = expr::select_one(c.ev, &v, "name", t.span())?.force(c.ev)?;
        let ValueKind::Str(name) = &name.kind else {
            return Err(errors::expected("a string as `name`", &name, t.span()));
        };
        let Some(value) = item.get("value") else {
            return Err(errors::missing_attribute(
                "value",
                t.span(),
                v.span,
                item.keys().map(AsRef::as_ref),
            ));
        };
        items.push((
            Rc::clone(name),
            AttrEntry {
                value: value.value.clone(),
                key_span: t.span(),
            },
        ));
    }
    // The first occurrence of a name wins; collecting keeps the last, so reverse.
    let a: Attrs = items.into_iter().rev().collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(a))))
}

fn map(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let items = c
        .list(1)?
        .iter()
        .map(|t| c.apply_lazy(&f, vec![t.clone()]))
        .collect();
    Ok(c.list_value(items))
}

fn map_attrs(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let a = c.attrs(1)?;
    let out = a
        .iter()
        .map(|(k, e)| {
            let name = Thunk::ready(Value {
                kind: ValueKind::Str(Rc::clone(k)),
                span: e.key_span,
            });
            (
                Rc::clone(k),
                AttrEntry {
                    value: c.apply_lazy(&f, vec![name, e.value.clone()]),
                    key_span: e.key_span,
                },
            )
        })
        .collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

fn partition(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for t in c.list(1)?.iter() {
        let r = c.apply(&f, std::slice::from_ref(t))?;
        match r.kind {
            ValueKind::Bool(true) => right.push(t.clone()),
            ValueKind::Bool(false) => wrong.push(t.clone()),
            _ => {
                return Err(errors::expected(
                    "a bool from the predicate of `builtins.partition`",
                    &r,
                    c.at,
                ));
            }
        }
    }
    let mut a = Attrs::new();
    a.insert(
        Rc::from("right"),
        AttrEntry {
            value: Thunk::ready(c.list_value(right)),
            key_span: c.at,
        },
    );
    a.insert(
        Rc::from("wrong"),
        AttrEntry {
            value: Thunk::ready(c.list_value(wrong)),
            key_span: c.at,
        },
    );
    Ok(c.value(ValueKind::Attrs(Rc::new(a))))
}

fn read_file(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let path = expr::as_path(c.ev, &v, c.span(0))?;
    let text = c.ev.read_text_file(&path, c.at)?;
    Ok(c.str_value(text))
}

/// `builtins.pathExists`: inside the readable root only (outside it, the
/// answer would depend on the machine).
fn path_exists(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let path = expr::as_path(c.ev, &v, c.span(0))?;
    let path = c.ev.check_inside_root(&path, c.at, "look for")?;
    Ok(c.value(ValueKind::Bool(std::fs::symlink_metadata(&path).is_ok())))
}

/// `builtins.readDir`: each entry's name and kind, as Nix names them.
fn read_dir(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    let path = expr::as_path(c.ev, &v, c.span(0))?;
    let path = c.ev.check_inside_root(&path, c.at, "read")?;
    let io = |e: std::io::Error| {
        errors::error(
            "eval::io",
            format!(
                "cannot read the directory `{}`: {e}",
                c.ev.display_name(&path)
            ),
            c.at,
            "read here",
        )
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let kind = match entry.file_type() {
            Ok(t) if t.is_symlink() => "symlink",
            Ok(t) if t.is_dir() => "directory",
            Ok(t) if t.is_file() => "regular",
            _ => "unknown",
        };
        entries.push((
            Rc::from(name.as_str()),
            AttrEntry {
                value: Thunk::ready(c.str_value(kind)),
                key_span: c.at,
            },
        ));
    }
    let attrs: Attrs = entries.into_iter().collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(attrs))))
}

/// A POSIX extended regular expression as Nix compiles it (`std::regex::extended`),
/// through the `regex` crate: the common syntax is the same.
fn compile_regex(c: &Call, anchored: bool) -> Result<regex::Regex, EvalError> {
    let re = c.string(0)?;
    let pattern = if anchored {
        format!("^(?:{re})$")
    } else {
        re.to_string()
    };
    regex::Regex::new(&pattern).map_err(|e| {
        errors::error(
            "eval::argument",
            format!("invalid regular expression `{re}`: {e}"),
            c.span(0),
            "this regular expression",
        )
    })
}

/// The groups of a match, `null` for a group that did not take part.
fn groups(c: &Call, caps: &regex::Captures) -> Vec<Thunk> {
    caps.iter()
        .skip(1)
        .map(|g| {
            Thunk::ready(match g {
                Some(m) => c.str_value(m.as_str()),
                None => c.value(ValueKind::Null),
            })
        })
        .collect()
}

/// `builtins.match RE S`: the groups when RE matches all of S, else `null`.
fn regex_match(c: &Call) -> Result<Value, EvalError> {
    let re = compile_regex(c, true)?;
    let s = c.string(1)?;
    Ok(match re.captures(&s) {
        Some(caps) => c.list_value(groups(c, &caps)),
        None => c.value(ValueKind::Null),
    })
}

/// `builtins.split RE S`: the text between matches, each match as its list of groups.
fn regex_split(c: &Call) -> Result<Value, EvalError> {
    let re = compile_regex(c, false)?;
    let s = c.string(1)?;
    let mut out = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(&s) {
        let Some(m) = caps.get(0) else { continue };
        out.push(Thunk::ready(c.str_value(&s[last..m.start()])));
        out.push(Thunk::ready(c.list_value(groups(c, &caps))));
        last = m.end();
    }
    out.push(Thunk::ready(c.str_value(&s[last..])));
    Ok(c.list_value(out))
}

fn remove_attrs(c: &Call) -> Result<Value, EvalError> {
    let a = c.attrs(0)?;
    let mut out = (*a).clone();
    for t in c.list(1)?.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::Str(name) = &v.kind else {
            return Err(errors::expected(
                "a string in the list of `builtins.removeAttrs`",
                &v,
                t.span(),
            ));
        };
        out.remove(&**name);
    }
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

/// Nix's algorithm: at each position the first matching pattern wins; an empty
/// pattern matches everywhere and the character after it is kept.
fn replace_strings(c: &Call) -> Result<Value, EvalError> {
    let from = c.list(0)?;
    let to = c.list(1)?;
    if from.len() != to.len() {
        return Err(errors::error(
            "eval::argument",
            "`builtins.replaceStrings`: the lists of patterns and replacements differ in length",
            c.at,
            "called here",
        ));
    }
    let mut pats = Vec::new();
    for t in from.iter() {
        let v = t.force(c.ev)?;
        pats.push(strings::coerce(c.ev, &v, t.span(), Coerce::Interpolate)?);
    }
    let s = c.coerced(2)?;
    let s = s.as_bytes();
    let mut reps: Vec<Option<String>> = vec![None; to.len()];
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut p = 0;
    while p <= s.len() {
        let hit = pats
            .iter()
            .position(|pat| s[p..].starts_with(pat.as_bytes()));
        if let Some(i) = hit {
            if reps[i].is_none() {
                let v = to[i].force(c.ev)?;
                reps[i] = Some(strings::coerce(
                    c.ev,
                    &v,
                    to[i].span(),
                    Coerce::Interpolate,
                )?);
            }
            let rep = reps[i].as_deref().unwrap_or("");
            limits::string_len(out.len() + rep.len() + 1, c.at)?;
            out.extend_from_slice(rep.as_bytes());
            if pats[i].is_empty() {
                if p < s.len() {
                    out.push(s[p]);
                }
                p += 1;
            } else {
                p += pats[i].len();
            }
        } else {
            if p < s.len() {
                out.push(s[p]);
            }
            p += 1;
        }
    }
    Ok(c.str_value(String::from_utf8_lossy(&out).into_owned()))
}

/// A stable merge sort whose comparison may fail.
fn sort(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let items: Vec<Thunk> = c.list(1)?.to_vec();
    let less = |a: &Thunk, b: &Thunk| -> Result<bool, EvalError> {
        let r = c.apply(&f, &[a.clone(), b.clone()])?;
        match r.kind {
            ValueKind::Bool(x) => Ok(x),
            _ => Err(errors::expected(
                "a bool from the comparator of `builtins.sort`",
                &r,
                c.at,
            )),
        }
    };
    fn merge_sort(
        v: Vec<Thunk>,
        less: &dyn Fn(&Thunk, &Thunk) -> Result<bool, EvalError>,
    ) -> Result<Vec<Thunk>, EvalError> {
        if v.len() <= 1 {
            return Ok(v);
        }
        let mut v = v;
        let right = v.split_off(v.len() / 2);
        let (l, r) = (merge_sort(v, less)?, merge_sort(right, less)?);
        let mut out = Vec::with_capacity(l.len() + r.len());
        let (mut i, mut j) = (0, 0);
        while i < l.len() && j < r.len() {
            // Take from the right only when strictly less: stability.
            if less(&r[j], &l[i])? {
                out.push(r[j].clone());
                j += 1;
            } else {
                out.push(l[i].clone());
                i += 1;
            }
        }
        out.extend_from_slice(&l[i..]);
        out.extend_from_slice(&r[j..]);
        Ok(out)
    }
    Ok(c.list_value(merge_sort(items, &less)?))
}

fn string_length(c: &Call) -> Result<Value, EvalError> {
    let s = c.coerced(0)?;
    Ok(c.value(ValueKind::Int(i64::try_from(s.len()).unwrap_or(i64::MAX))))
}

/// Byte offsets, as Nix; a negative length means "to the end".
fn substring(c: &Call) -> Result<Value, EvalError> {
    let start = c.int(0)?;
    let len = c.int(1)?;
    let s = c.coerced(2)?;
    let Ok(start) = usize::try_from(start) else {
        return Err(errors::error(
            "eval::argument",
            "negative start position in `builtins.substring`",
            c.span(0),
            "negative",
        ));
    };
    let bytes = s.as_bytes();
    let start = start.min(bytes.len());
    let end =
        usize::try_from(len).map_or(bytes.len(), |l| start.saturating_add(l).min(bytes.len()));
    Ok(c.str_value(String::from_utf8_lossy(&bytes[start..end]).into_owned()))
}

fn to_string(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    Ok(c.str_value(strings::coerce(c.ev, &v, c.span(0), Coerce::ToString)?))
}

fn type_of(c: &Call) -> Result<Value, EvalError> {
    let v = c.force(0)?;
    if let ValueKind::Ref(r) = &v.kind {
        return Err(errors::reference(r, "a value with a known type", c.span(0)));
    }
    Ok(c.str_value(v.kind.type_name()))
}

fn zip_attrs_with(c: &Call) -> Result<Value, EvalError> {
    let f = c.function(0)?;
    let mut by_name: std::collections::BTreeMap<Rc<str>, Vec<Thunk>> =
        std::collections::BTreeMap::new();
    for t in c.list(1)?.iter() {
        let v = t.force(c.ev)?;
        let ValueKind::Attrs(a) = &v.kind else {
            return Err(errors::expected(
                "a set in the list of `builtins.zipAttrsWith`",
                &v,
                t.span(),
            ));
        };
        for (k, e) in a.iter() {
            by_name
                .entry(Rc::clone(k))
                .or_default()
                .push(e.value.clone());
        }
    }
    let out = by_name
        .into_iter()
        .map(|(k, vs)| {
            let name = c.ready(ValueKind::Str(Rc::clone(&k)));
            let list = Thunk::ready(c.list_value(vs));
            (
                k,
                AttrEntry {
                    value: c.apply_lazy(&f, vec![name, list]),
                    key_span: c.at,
                },
            )
        })
        .collect();
    Ok(c.value(ValueKind::Attrs(Rc::new(out))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast name match agrees with `short_name() == name`, dotted or not.
    #[test]
    fn has_short_name_matches_short_name() {
        let plain = BuiltinDef {
            name: "toString",
            arity: 1,
            run: |c| Ok(c.value(ValueKind::Null)),
        };
        let defs: Vec<&BuiltinDef> = BUILTINS.iter().chain([&plain]).collect();
        let mut names: Vec<&str> = defs.iter().map(|d| d.short_name()).collect();
        names.extend([
            "",
            ".",
            "builtins.map",
            "ap",
            "Map",
            "ToString",
            "s.toString",
        ]);
        for d in &defs {
            for name in &names {
                assert_eq!(
                    d.has_short_name(name),
                    d.short_name() == *name,
                    "{} vs {name:?}",
                    d.name
                );
            }
        }
    }
}
