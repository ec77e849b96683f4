//! One function per expression kind of rnix's typed AST.

use std::rc::Rc;

use camino::Utf8PathBuf;
use rnix::ast::{self, AstToken as _, InterpolPart};
use rowan::ast::AstNode as _;

use crate::source::Span;

use super::function::{self, Function};
use super::scope::{self, Env};
use super::strings::{self, Coerce, Part};
use super::thunk::Thunk;
use super::value::{Value, ValueKind};
use super::{EvalError, Evaluator, attrs, builtins, errors, normalise, ops};

/// A thunk for `e` in `env`: nothing is evaluated until it is forced.
pub fn delay(e: &ast::Expr, env: &Env) -> Thunk {
    let span = env.span(e);
    // Constants need no closure.
    if let ast::Expr::Literal(_) = e
        && let Ok(v) = eval_literal(e, env)
    {
        return Thunk::ready(v);
    }
    let e = e.clone();
    let env = env.clone();
    Thunk::delayed(span, move |ev| eval(ev, &e, &env))
}

pub fn eval(ev: &Evaluator, e: &ast::Expr, env: &Env) -> Result<Value, EvalError> {
    let span = env.span(e);
    let v = |kind| Ok(Value { kind, span });
    match e {
        ast::Expr::Literal(_) => eval_literal(e, env),
        ast::Expr::Ident(i) => eval_ident(ev, i, env, span),
        ast::Expr::Str(s) => v(ValueKind::Str(Rc::from(eval_str(ev, s, env)?))),
        ast::Expr::Paren(p) => eval_opt(ev, p.expr(), env, span),
        ast::Expr::Root(r) => eval_opt(ev, r.expr(), env, span),
        ast::Expr::List(l) => v(ValueKind::List(
            l.items().map(|i| delay(&i, env)).collect::<Vec<_>>().into(),
        )),
        ast::Expr::AttrSet(set) => {
            let def = attrs::lower(set, attrs::is_rec(set), span, env)?;
            v(ValueKind::Attrs(Rc::new(attrs::eval_set(ev, &def, env)?)))
        }
        ast::Expr::LetIn(l) => {
            let def = attrs::lower(l, true, span, env)?;
            let inner = attrs::let_env(ev, &def, env)?;
            eval_opt(ev, l.body(), &inner, span)
        }
        ast::Expr::LegacyLet(l) => {
            // `let { …; body = …; }`: a recursive set, of which `body` is the value.
            let def = attrs::lower(l, true, span, env)?;
            let set = attrs::eval_set(ev, &def, env)?;
            match set.get("body") {
                Some(b) => b.value.force(ev),
                None => Err(errors::missing_attribute(
                    "body",
                    span,
                    span,
                    set.keys().map(AsRef::as_ref),
                )),
            }
        }
        ast::Expr::Lambda(l) => v(ValueKind::Function(Rc::new(Function::Lambda {
            node: l.clone(),
            env: env.clone(),
        }))),
        ast::Expr::Apply(a) => {
            let f = eval_opt(ev, a.lambda(), env, span)?;
            let arg = match a.argument() {
                Some(x) => delay(&x, env),
                None => return Err(incomplete(span)),
            };
            function::apply(ev, &f, arg, span)
        }
        ast::Expr::Select(s) => eval_select(ev, s, env, span),
        ast::Expr::HasAttr(h) => eval_has_attr(ev, h, env, span),
        ast::Expr::IfElse(i) => {
            let c = eval_bool(
                ev,
                i.condition(),
                env,
                span,
                "a bool as the condition of `if`",
            )?;
            eval_opt(ev, if c { i.body() } else { i.else_body() }, env, span)
        }
        ast::Expr::Assert(a) => {
            let cond_span = a.condition().map_or(span, |c| env.span(&c));
            if eval_bool(
                ev,
                a.condition(),
                env,
                span,
                "a bool as the condition of `assert`",
            )? {
                eval_opt(ev, a.body(), env, span)
            } else {
                Err(errors::error(
                    "eval::assertion",
                    "assertion failed",
                    cond_span,
                    "this condition is false",
                ))
            }
        }
        ast::Expr::With(w) => {
            let ns = match w.namespace() {
                Some(n) => delay(&n, env),
                None => return Err(incomplete(span)),
            };
            eval_opt(ev, w.body(), &env.with(ns), span)
        }
        ast::Expr::BinOp(b) => ops::eval_binop(ev, b, env, span),
        ast::Expr::UnaryOp(u) => ops::eval_unary(ev, u, env, span),
        ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) => eval_path(ev, e, env, span),
        ast::Expr::PathHome(_) => Err(errors::unsupported(
            "a path relative to the home directory (`~/…`)",
            span,
        )),
        ast::Expr::PathSearch(p) => Err(errors::unsupported(
            &format!("the search path `{}`", p.syntax().text()),
            span,
        )),
        ast::Expr::CurPos(_) => Err(errors::unsupported("`__curPos`", span)),
        ast::Expr::Error(_) => Err(incomplete(span)),
    }
}

/// A node the parser left incomplete (its syntax error is reported already).
pub fn incomplete(span: Span) -> EvalError {
    errors::error(
        "syntax::parse",
        "incomplete expression",
        span,
        "cannot be evaluated",
    )
}

fn eval_opt(
    ev: &Evaluator,
    e: Option<ast::Expr>,
    env: &Env,
    span: Span,
) -> Result<Value, EvalError> {
    match e {
        Some(e) => eval(ev, &e, env),
        None => Err(incomplete(span)),
    }
}

pub fn eval_bool(
    ev: &Evaluator,
    e: Option<ast::Expr>,
    env: &Env,
    span: Span,
    what: &str,
) -> Result<bool, EvalError> {
    let at = e.as_ref().map_or(span, |e| env.span(e));
    let v = eval_opt(ev, e, env, span)?;
    match v.kind {
        ValueKind::Bool(b) => Ok(b),
        _ => Err(errors::expected(what, &v, at)),
    }
}

fn eval_literal(e: &ast::Expr, env: &Env) -> Result<Value, EvalError> {
    let span = env.span(e);
    let ast::Expr::Literal(l) = e else {
        return Err(incomplete(span));
    };
    let kind = match l.kind() {
        ast::LiteralKind::Integer(i) => match i.value() {
            Ok(n) => ValueKind::Int(n),
            Err(_) => {
                return Err(errors::error(
                    "eval::overflow",
                    "integer literal does not fit in 64 bits",
                    span,
                    "too large",
                ));
            }
        },
        ast::LiteralKind::Float(f) => match f.value() {
            Ok(x) => ValueKind::Float(x),
            Err(_) => {
                return Err(errors::error(
                    "syntax::parse",
                    "invalid float literal",
                    span,
                    "here",
                ));
            }
        },
        ast::LiteralKind::Uri(u) => ValueKind::Str(Rc::from(u.syntax().text())),
    };
    Ok(Value { kind, span })
}

fn eval_ident(ev: &Evaluator, i: &ast::Ident, env: &Env, span: Span) -> Result<Value, EvalError> {
    let Some(tok) = i.ident_token() else {
        return Err(incomplete(span));
    };
    let mut v = scope::lookup(ev, env, tok.text(), span)?.force(ev)?;
    // `true`, `null`, `map`, …: a builtin's value points at the name that uses it,
    // not at the empty pseudo file of builtins.
    if v.span.file == ev.builtin_span().file {
        v.span = span;
    }
    Ok(v)
}

/// A string literal's value: interpolated values must be strings (or sets with
/// `__toString`/`outPath`), as in Nix.
pub fn eval_str(ev: &Evaluator, s: &ast::Str, env: &Env) -> Result<String, EvalError> {
    let mut out = super::limits::CappedString::new(env.span(s));
    for p in strings::parts(s) {
        match p {
            Part::Lit(t) => out.push_str(&t)?,
            Part::Interp(i) => out.push_str(&eval_interpolation(ev, &i, env)?)?,
        }
    }
    Ok(out.s)
}

fn eval_interpolation(ev: &Evaluator, i: &ast::Interpol, env: &Env) -> Result<String, EvalError> {
    let span = env.span(i);
    let v = eval_opt(ev, i.expr(), env, span)?;
    let at = i.expr().map_or(span, |e| env.span(&e));
    strings::coerce(ev, &v, at, Coerce::Interpolate)
}

fn eval_path(ev: &Evaluator, e: &ast::Expr, env: &Env, span: Span) -> Result<Value, EvalError> {
    let parts = match e {
        ast::Expr::PathAbs(p) => p.parts(),
        ast::Expr::PathRel(p) => p.parts(),
        _ => return Err(incomplete(span)),
    };
    let mut text = String::new();
    for p in parts {
        match p {
            InterpolPart::Literal(c) => text.push_str(c.text()),
            InterpolPart::Interpolation(i) => text.push_str(&eval_interpolation(ev, &i, env)?),
        }
    }
    let path = if text.starts_with('/') {
        normalise(camino::Utf8Path::new(&text))
    } else {
        normalise(&env.file.dir.join(&text))
    };
    Ok(Value {
        kind: ValueKind::Path(Rc::new(path)),
        span,
    })
}

/// An attribute name in a selection or `?`: dynamic names are evaluated.
fn attr_key(ev: &Evaluator, attr: &ast::Attr, env: &Env) -> Result<Rc<str>, EvalError> {
    let span = env.span(attr);
    let v = match attr {
        ast::Attr::Ident(i) => {
            return i
                .ident_token()
                .map(|t| Rc::from(t.text()))
                .ok_or_else(|| incomplete(span));
        }
        ast::Attr::Str(s) => return Ok(Rc::from(eval_str(ev, s, env)?)),
        ast::Attr::Dynamic(d) => eval_opt(ev, d.expr(), env, span)?,
    };
    match &v.kind {
        ValueKind::Str(s) => Ok(Rc::clone(s)),
        _ => Err(errors::expected("a string as an attribute name", &v, span)),
    }
}

/// `set.name` for a forced value; `at` is the selection so far.
pub fn select_one(ev: &Evaluator, set: &Value, name: &str, at: Span) -> Result<Thunk, EvalError> {
    match &set.kind {
        ValueKind::Attrs(a) => {
            if Rc::ptr_eq(a, ev.builtins_attrs())
                && let Some(what) = builtins::unsupported_constant(name)
            {
                return Err(errors::unsupported(what, at));
            }
            match a.get(name) {
                Some(e) => Ok(e.value.clone()),
                None => Err(errors::missing_attribute(
                    name,
                    at,
                    set.span,
                    a.keys().map(AsRef::as_ref),
                )),
            }
        }
        ValueKind::Ref(r) => Ok(Thunk::ready(scope::select_ref(ev, r, name, at))),
        _ => Err(errors::expected(
            &format!("a set to select `{name}` from"),
            set,
            at,
        )),
    }
}

fn eval_select(ev: &Evaluator, s: &ast::Select, env: &Env, span: Span) -> Result<Value, EvalError> {
    let mut cur = eval_opt(ev, s.expr(), env, span)?;
    let default = s.default_expr();
    let attrs: Vec<ast::Attr> = s
        .attrpath()
        .map(|p| p.attrs().collect())
        .unwrap_or_default();
    for attr in &attrs {
        let name = attr_key(ev, attr, env)?;
        let at = Span {
            end: u32::from(attr.syntax().text_range().end()),
            ..span
        };
        if let Some(d) = &default {
            let found = match &cur.kind {
                ValueKind::Attrs(a) => a.get(&name).map(|e| e.value.clone()),
                ValueKind::Ref(_) => Some(select_one(ev, &cur, &name, at)?),
                _ => None,
            };
            match found {
                Some(t) => cur = t.force(ev)?,
                None => return eval(ev, d, env),
            }
        } else {
            cur = select_one(ev, &cur, &name, at)?.force(ev)?;
        }
    }
    Ok(cur)
}

fn eval_has_attr(
    ev: &Evaluator,
    h: &ast::HasAttr,
    env: &Env,
    span: Span,
) -> Result<Value, EvalError> {
    let mut cur = eval_opt(ev, h.expr(), env, span)?;
    let attrs: Vec<ast::Attr> = h
        .attrpath()
        .map(|p| p.attrs().collect())
        .unwrap_or_default();
    let result = |b| {
        Ok(Value {
            kind: ValueKind::Bool(b),
            span,
        })
    };
    for (i, attr) in attrs.iter().enumerate() {
        let name = attr_key(ev, attr, env)?;
        match &cur.kind {
            ValueKind::Attrs(a) => match a.get(&name) {
                None => return result(false),
                Some(e) if i + 1 == attrs.len() => {
                    let _ = e;
                    return result(true);
                }
                Some(e) => cur = e.value.force(ev)?,
            },
            ValueKind::Ref(r) => {
                return Err(errors::reference(
                    r,
                    &format!("a set to test for `{name}`"),
                    span,
                ));
            }
            _ => return result(false),
        }
    }
    result(true)
}

/// A path value for `import`/`readFile` arguments: paths, or strings holding an
/// absolute path (as Nix accepts).
pub fn as_path(ev: &Evaluator, v: &Value, at: Span) -> Result<Utf8PathBuf, EvalError> {
    match &v.kind {
        ValueKind::Path(p) => Ok((**p).clone()),
        ValueKind::Str(s) if s.starts_with('/') => Ok(normalise(camino::Utf8Path::new(&**s))),
        ValueKind::Attrs(_) => {
            let s = strings::coerce(ev, v, at, Coerce::Interpolate)?;
            if s.starts_with('/') {
                Ok(normalise(camino::Utf8Path::new(&s)))
            } else {
                Err(errors::expected("a path", v, at))
            }
        }
        _ => Err(errors::expected("a path", v, at)),
    }
}
