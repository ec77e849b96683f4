//! Operators: arithmetic (checked: overflow is an error as in current Nix),
//! string and path concatenation, comparison, deep equality, `//` and `++`.

use std::cmp::Ordering;
use std::rc::Rc;

use rnix::ast::{self, BinOpKind, UnaryOpKind};

use crate::source::Span;

use super::scope::Env;
use super::strings::{self, Coerce};
use super::value::{Value, ValueKind};
use super::{EvalError, Evaluator, errors, expr, normalise};

pub fn eval_binop(
    ev: &Evaluator,
    b: &ast::BinOp,
    env: &Env,
    span: Span,
) -> Result<Value, EvalError> {
    let Some(op) = b.operator() else {
        return Err(expr::incomplete(span));
    };
    let (Some(l), Some(r)) = (b.lhs(), b.rhs()) else {
        return Err(expr::incomplete(span));
    };
    let (ls, rs) = (env.span(&l), env.span(&r));
    let bool_val = |b| {
        Ok(Value {
            kind: ValueKind::Bool(b),
            span,
        })
    };
    let logic = |e: &ast::Expr, s: Span, name: &str| -> Result<bool, EvalError> {
        let v = expr::eval(ev, e, env)?;
        match v.kind {
            ValueKind::Bool(x) => Ok(x),
            _ => Err(errors::expected(
                &format!("a bool as an operand of `{name}`"),
                &v,
                s,
            )),
        }
    };
    match op {
        BinOpKind::And => return bool_val(logic(&l, ls, "&&")? && logic(&r, rs, "&&")?),
        BinOpKind::Or => return bool_val(logic(&l, ls, "||")? || logic(&r, rs, "||")?),
        BinOpKind::Implication => return bool_val(!logic(&l, ls, "->")? || logic(&r, rs, "->")?),
        BinOpKind::PipeLeft | BinOpKind::PipeRight => {
            return Err(errors::unsupported("the pipe operator", span));
        }
        _ => {}
    }
    let lv = expr::eval(ev, &l, env)?;
    let rv = expr::eval(ev, &r, env)?;
    let operands = Operands {
        lv: &lv,
        rv: &rv,
        ls,
        rs,
        span,
    };
    match op {
        BinOpKind::Update => update(&operands),
        BinOpKind::Concat => concat(&operands),
        BinOpKind::Add => add(ev, &operands),
        BinOpKind::Sub | BinOpKind::Mul | BinOpKind::Div => arith(op, &operands),
        BinOpKind::Equal | BinOpKind::NotEqual => {
            let eq = equal(ev, &lv, &rv, span, 0)?;
            bool_val(eq == (op == BinOpKind::Equal))
        }
        BinOpKind::Less => bool_val(less(ev, &lv, &rv, span)?),
        BinOpKind::More => bool_val(less(ev, &rv, &lv, span)?),
        BinOpKind::LessOrEq => bool_val(!less(ev, &rv, &lv, span)?),
        BinOpKind::MoreOrEq => bool_val(!less(ev, &lv, &rv, span)?),
        BinOpKind::And
        | BinOpKind::Or
        | BinOpKind::Implication
        | BinOpKind::PipeLeft
        | BinOpKind::PipeRight => Err(expr::incomplete(span)),
    }
}

struct Operands<'a> {
    lv: &'a Value,
    rv: &'a Value,
    ls: Span,
    rs: Span,
    span: Span,
}

fn update(o: &Operands) -> Result<Value, EvalError> {
    let ValueKind::Attrs(a) = &o.lv.kind else {
        return Err(errors::expected("a set as an operand of `//`", o.lv, o.ls));
    };
    let ValueKind::Attrs(b) = &o.rv.kind else {
        return Err(errors::expected("a set as an operand of `//`", o.rv, o.rs));
    };
    let merged = if b.is_empty() {
        Rc::clone(a)
    } else if a.is_empty() {
        Rc::clone(b)
    } else {
        let mut m = (**a).clone();
        m.extend(b.iter().map(|(k, v)| (Rc::clone(k), v.clone())));
        Rc::new(m)
    };
    Ok(Value {
        kind: ValueKind::Attrs(merged),
        span: o.span,
    })
}

fn concat(o: &Operands) -> Result<Value, EvalError> {
    let ValueKind::List(a) = &o.lv.kind else {
        return Err(errors::expected("a list as an operand of `++`", o.lv, o.ls));
    };
    let ValueKind::List(b) = &o.rv.kind else {
        return Err(errors::expected("a list as an operand of `++`", o.rv, o.rs));
    };
    super::limits::list_len(a.len() + b.len(), o.span)?;
    let items: Vec<_> = a.iter().chain(b.iter()).cloned().collect();
    Ok(Value {
        kind: ValueKind::List(items.into()),
        span: o.span,
    })
}

fn overflow(span: Span, op: &str) -> EvalError {
    errors::error(
        "eval::overflow",
        format!("integer overflow in `{op}`"),
        span,
        "result does not fit in 64 bits",
    )
}

fn add(ev: &Evaluator, o: &Operands) -> Result<Value, EvalError> {
    let kind = match (&o.lv.kind, &o.rv.kind) {
        (ValueKind::Int(a), ValueKind::Int(b)) => {
            ValueKind::Int(a.checked_add(*b).ok_or_else(|| overflow(o.span, "+"))?)
        }
        (ValueKind::Int(_) | ValueKind::Float(_), ValueKind::Int(_) | ValueKind::Float(_)) => {
            ValueKind::Float(as_f64(o.lv) + as_f64(o.rv))
        }
        (ValueKind::Path(p), _) => {
            let s = match &o.rv.kind {
                ValueKind::Path(q) => q.to_string(),
                _ => strings::coerce(ev, o.rv, o.rs, Coerce::Interpolate)?,
            };
            let joined = format!("{p}{s}");
            ValueKind::Path(Rc::new(normalise(camino::Utf8Path::new(&joined))))
        }
        (ValueKind::Str(a), _) => {
            let b = strings::coerce(ev, o.rv, o.rs, Coerce::Interpolate)?;
            super::limits::string_len(a.len() + b.len(), o.span)?;
            ValueKind::Str(Rc::from(format!("{a}{b}")))
        }
        (ValueKind::Attrs(_), ValueKind::Str(_) | ValueKind::Attrs(_)) if is_stringish(o.lv) => {
            let a = strings::coerce(ev, o.lv, o.ls, Coerce::Interpolate)?;
            let b = strings::coerce(ev, o.rv, o.rs, Coerce::Interpolate)?;
            super::limits::string_len(a.len() + b.len(), o.span)?;
            ValueKind::Str(Rc::from(format!("{a}{b}")))
        }
        (ValueKind::Int(_) | ValueKind::Float(_), _) => {
            return Err(errors::expected("a number to add to a number", o.rv, o.rs));
        }
        _ => {
            return Err(errors::expected(
                "a number, string or path as an operand of `+`",
                o.lv,
                o.ls,
            ));
        }
    };
    Ok(Value { kind, span: o.span })
}

fn is_stringish(v: &Value) -> bool {
    matches!(&v.kind, ValueKind::Attrs(a) if a.contains_key("__toString") || a.contains_key("outPath"))
}

fn as_f64(v: &Value) -> f64 {
    match v.kind {
        #[allow(clippy::cast_precision_loss)]
        ValueKind::Int(i) => i as f64,
        ValueKind::Float(f) => f,
        _ => 0.0,
    }
}

fn arith(op: BinOpKind, o: &Operands) -> Result<Value, EvalError> {
    let sym = match op {
        BinOpKind::Sub => "-",
        BinOpKind::Mul => "*",
        _ => "/",
    };
    for (v, s) in [(o.lv, o.ls), (o.rv, o.rs)] {
        if !matches!(v.kind, ValueKind::Int(_) | ValueKind::Float(_)) {
            return Err(errors::expected(
                &format!("a number as an operand of `{sym}`"),
                v,
                s,
            ));
        }
    }
    let kind = arith_values(op, o.lv, o.rv, o.span, o.rs)?;
    Ok(Value { kind, span: o.span })
}

/// `-`, `*`, `/` on two numbers (shared with `builtins.sub`/`mul`/`div`).
pub fn arith_values(
    op: BinOpKind,
    l: &Value,
    r: &Value,
    span: Span,
    rs: Span,
) -> Result<ValueKind, EvalError> {
    let sym = match op {
        BinOpKind::Sub => "-",
        BinOpKind::Mul => "*",
        _ => "/",
    };
    if op == BinOpKind::Div && matches!(r.kind, ValueKind::Int(0))
        || matches!(r.kind, ValueKind::Float(f) if op == BinOpKind::Div && f == 0.0)
    {
        return Err(errors::error(
            "eval::division-by-zero",
            "division by zero",
            rs,
            "this is zero",
        ));
    }
    Ok(match (&l.kind, &r.kind) {
        (ValueKind::Int(a), ValueKind::Int(b)) => ValueKind::Int(
            match op {
                BinOpKind::Sub => a.checked_sub(*b),
                BinOpKind::Mul => a.checked_mul(*b),
                _ => a.checked_div(*b),
            }
            .ok_or_else(|| overflow(span, sym))?,
        ),
        _ => {
            let (a, b) = (as_f64(l), as_f64(r));
            ValueKind::Float(match op {
                BinOpKind::Sub => a - b,
                BinOpKind::Mul => a * b,
                _ => a / b,
            })
        }
    })
}

pub fn eval_unary(
    ev: &Evaluator,
    u: &ast::UnaryOp,
    env: &Env,
    span: Span,
) -> Result<Value, EvalError> {
    let Some(e) = u.expr() else {
        return Err(expr::incomplete(span));
    };
    let es = env.span(&e);
    let v = expr::eval(ev, &e, env)?;
    let kind = match (u.operator(), &v.kind) {
        (Some(UnaryOpKind::Invert), ValueKind::Bool(b)) => ValueKind::Bool(!b),
        (Some(UnaryOpKind::Invert), _) => {
            return Err(errors::expected("a bool as the operand of `!`", &v, es));
        }
        // Nix reads `-x` as `0 - x`.
        (Some(UnaryOpKind::Negate), ValueKind::Int(i)) => {
            ValueKind::Int(0i64.checked_sub(*i).ok_or_else(|| overflow(span, "-"))?)
        }
        (Some(UnaryOpKind::Negate), ValueKind::Float(f)) => ValueKind::Float(0.0 - f),
        _ => return Err(errors::expected("a number as the operand of `-`", &v, es)),
    };
    Ok(Value { kind, span })
}

/// Nix's `<`: numbers, strings, paths, and lists lexicographically.
pub fn less(ev: &Evaluator, a: &Value, b: &Value, span: Span) -> Result<bool, EvalError> {
    Ok(compare(ev, a, b, span, 0)? == Ordering::Less)
}

/// Comparing recurses into lists and sets: bound it like evaluation.
fn too_deep_to_compare(depth: usize, span: Span) -> Result<(), EvalError> {
    if depth > super::MAX_DEPTH {
        return Err(errors::error(
            "eval::depth",
            "values nested too deeply to compare",
            span,
            "here",
        ));
    }
    Ok(())
}

pub fn compare(
    ev: &Evaluator,
    a: &Value,
    b: &Value,
    span: Span,
    depth: usize,
) -> Result<Ordering, EvalError> {
    too_deep_to_compare(depth, span)?;
    match (&a.kind, &b.kind) {
        (ValueKind::Int(x), ValueKind::Int(y)) => Ok(x.cmp(y)),
        (ValueKind::Int(_) | ValueKind::Float(_), ValueKind::Int(_) | ValueKind::Float(_)) => {
            Ok(as_f64(a).partial_cmp(&as_f64(b)).unwrap_or(Ordering::Equal))
        }
        (ValueKind::Str(x), ValueKind::Str(y)) => Ok(x.as_bytes().cmp(y.as_bytes())),
        (ValueKind::Path(x), ValueKind::Path(y)) => {
            Ok(x.as_str().as_bytes().cmp(y.as_str().as_bytes()))
        }
        (ValueKind::List(x), ValueKind::List(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                let (p, q) = (p.force(ev)?, q.force(ev)?);
                // Nix compares elements with `==` first, then `<`.
                if !equal(ev, &p, &q, span, depth + 1)? {
                    return compare(ev, &p, &q, span, depth + 1);
                }
            }
            Ok(x.len().cmp(&y.len()))
        }
        (ValueKind::Ref(r), _) | (_, ValueKind::Ref(r)) => {
            Err(errors::reference(r, "a comparable value", span))
        }
        _ => Err(errors::error(
            "eval::type-mismatch",
            format!(
                "cannot compare {} with {}",
                errors::describe(a),
                errors::describe(b)
            ),
            span,
            "comparison of incompatible values",
        )),
    }
}

/// Deep equality: ints and floats compare by value, sets key by key (two
/// derivations by `outPath`), functions are never equal.
pub fn equal(
    ev: &Evaluator,
    a: &Value,
    b: &Value,
    span: Span,
    depth: usize,
) -> Result<bool, EvalError> {
    too_deep_to_compare(depth, span)?;
    Ok(match (&a.kind, &b.kind) {
        (ValueKind::Ref(r), _) | (_, ValueKind::Ref(r)) => {
            return Err(errors::reference(r, "a concrete value to compare", span));
        }
        (ValueKind::Unset, _) | (_, ValueKind::Unset) => {
            let v = if matches!(a.kind, ValueKind::Unset) {
                a
            } else {
                b
            };
            return Err(errors::expected("a value to compare", v, span));
        }
        (ValueKind::Null, ValueKind::Null) => true,
        (ValueKind::Bool(x), ValueKind::Bool(y)) => x == y,
        (ValueKind::Int(x), ValueKind::Int(y)) => x == y,
        #[allow(clippy::float_cmp)]
        (ValueKind::Int(_) | ValueKind::Float(_), ValueKind::Int(_) | ValueKind::Float(_)) => {
            as_f64(a) == as_f64(b)
        }
        (ValueKind::Str(x), ValueKind::Str(y)) => x == y,
        (ValueKind::Path(x), ValueKind::Path(y)) => x == y,
        (ValueKind::List(x), ValueKind::List(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !equal(ev, &p.force(ev)?, &q.force(ev)?, span, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (ValueKind::Attrs(x), ValueKind::Attrs(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            if is_derivation(ev, x)?
                && is_derivation(ev, y)?
                && let (Some(p), Some(q)) = (x.get("outPath"), y.get("outPath"))
            {
                return equal(
                    ev,
                    &p.value.force(ev)?,
                    &q.value.force(ev)?,
                    span,
                    depth + 1,
                );
            }
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return Ok(false);
            }
            for (p, q) in x.values().zip(y.values()) {
                if !equal(
                    ev,
                    &p.value.force(ev)?,
                    &q.value.force(ev)?,
                    span,
                    depth + 1,
                )? {
                    return Ok(false);
                }
            }
            true
        }
        _ => false,
    })
}

fn is_derivation(ev: &Evaluator, a: &super::Attrs) -> Result<bool, EvalError> {
    match a.get("type") {
        Some(t) => {
            Ok(matches!(&t.value.force(ev)?.kind, ValueKind::Str(s) if &**s == "derivation"))
        }
        None => Ok(false),
    }
}
