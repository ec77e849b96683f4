//! Lambdas, builtins and partially applied builtins, and function application.

use std::rc::Rc;

use rnix::ast;

use crate::diagnostics::Diagnostic;
use crate::source::Span;

use super::builtins::BuiltinDef;
use super::scope::{Bindings, Env};
use super::thunk::Thunk;
use super::value::{AttrEntry, Attrs, SymbolicRef, Value, ValueKind};
use super::{EvalError, Evaluator, errors, expr};

pub enum Function {
    /// A lambda written in a file, closed over its scope.
    Lambda { node: ast::Lambda, env: Env },
    /// A builtin or `lib` function with the arguments it has received so far.
    Builtin {
        def: &'static BuiltinDef,
        args: Vec<Thunk>,
    },
}

impl Function {
    pub fn builtin(def: &'static BuiltinDef) -> Function {
        Function::Builtin {
            def,
            args: Vec::new(),
        }
    }
}

/// Calls `f` with `arg`; `at` is the call expression.
pub fn apply(ev: &Evaluator, f: &Value, arg: Thunk, at: Span) -> Result<Value, EvalError> {
    let _guard = ev.enter(at)?;
    match &f.kind {
        ValueKind::Function(func) => match &**func {
            Function::Lambda { node, env } => call_lambda(ev, node, env, arg, at),
            Function::Builtin { def, args } => {
                let mut args = args.clone();
                args.push(arg);
                if args.len() >= def.arity {
                    (def.run)(&super::builtins::Call {
                        ev,
                        args: &args,
                        at,
                        name: def.name,
                    })
                } else {
                    Ok(Value {
                        kind: ValueKind::Function(Rc::new(Function::Builtin { def, args })),
                        span: at,
                    })
                }
            }
        },
        // A set with `__functor` is callable: `f x` is `f.__functor f x`.
        ValueKind::Attrs(a) if a.contains_key("__functor") => {
            let functor = a
                .get("__functor")
                .map(|e| e.value.force(ev))
                .transpose()?
                .unwrap_or_else(|| f.clone());
            let g = apply(ev, &functor, Thunk::ready(f.clone()), at)?;
            apply(ev, &g, arg, at)
        }
        ValueKind::Ref(r) => Err(errors::error(
            "eval::reference",
            format!(
                "cannot call `{r}`: calling a function of an opaque argument is outside devbox-gen's static subset"
            ),
            at,
            format!("`{r}` is not evaluated by devbox-gen"),
        )),
        _ => Err(errors::expected("a function", f, at)),
    }
}

fn call_lambda(
    ev: &Evaluator,
    node: &ast::Lambda,
    env: &Env,
    arg: Thunk,
    at: Span,
) -> Result<Value, EvalError> {
    let body = node.body();
    let scope = match node.param() {
        Some(ast::Param::IdentParam(p)) => {
            let mut b = Bindings::new();
            if let Some(name) = p.ident().and_then(|i| i.ident_token()) {
                b.insert(Rc::from(name.text()), arg);
            }
            env.child(b)
        }
        Some(ast::Param::Pattern(pat)) => bind_pattern(ev, &pat, env, arg, at)?,
        None => env.child(Bindings::new()),
    };
    match body {
        Some(b) => expr::eval(ev, &b, &scope),
        None => Err(errors::error(
            "syntax::parse",
            "function without a body",
            env.span(node),
            "incomplete function",
        )),
    }
}

fn bind_pattern(
    ev: &Evaluator,
    pat: &ast::Pattern,
    env: &Env,
    arg: Thunk,
    at: Span,
) -> Result<Env, EvalError> {
    let v = arg.force(ev)?;
    let ValueKind::Attrs(attrs) = &v.kind else {
        return Err(errors::expected(
            "a set as the argument of a function with a `{ … }` pattern",
            &v,
            at,
        ));
    };
    let scope = env.child(Bindings::new());
    if let Some(name) = pat
        .pat_bind()
        .and_then(|b| b.ident())
        .and_then(|i| i.ident_token())
    {
        scope.bind(Rc::from(name.text()), arg.clone());
    }
    let mut formals = Vec::new();
    for entry in pat.pat_entries() {
        let Some(ident) = entry.ident() else { continue };
        let Some(tok) = ident.ident_token() else {
            continue;
        };
        let name: Rc<str> = Rc::from(tok.text());
        formals.push(Rc::clone(&name));
        if let Some(given) = attrs.get(&name) {
            scope.bind(name, given.value.clone());
        } else if let Some(default) = entry.default() {
            // Defaults see the other formals (and the `@` name): evaluate in `scope`.
            scope.bind(name, expr::delay(&default, &scope));
        } else {
            return Err(Diagnostic::error(
                "eval::argument",
                format!("function called without required argument `{name}`"),
            )
            .with_label(at, format!("`{name}` is not given here"))
            .with_label(env.span(&ident), "required by this function")
            .into());
        }
    }
    if pat.ellipsis_token().is_none() {
        for (key, entry) in attrs.iter() {
            if !formals.contains(key) {
                let mut d = Diagnostic::error(
                    "eval::argument",
                    format!("function called with unexpected argument `{key}`"),
                )
                .with_label(at, format!("`{key}` is passed here"));
                if !entry.key_span.is_empty() && entry.key_span != at {
                    d = d.with_label(entry.key_span, "the argument is defined here");
                }
                d = d.with_label(env.span(pat), "this function accepts no such argument");
                if let Some(s) =
                    crate::diagnostics::did_you_mean(key, formals.iter().map(AsRef::as_ref))
                {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                return Err(d.into());
            }
        }
    }
    Ok(scope)
}

/// The argument set a spec file's function is called with: each formal without a
/// default becomes an opaque reference rooted at its name (`lib` included: its
/// known functions are resolved on selection).
pub fn spec_arguments(f: &Function) -> Option<Value> {
    let Function::Lambda { node, env } = f else {
        return None;
    };
    let Some(ast::Param::Pattern(pat)) = node.param() else {
        return None;
    };
    let mut attrs = Attrs::new();
    for entry in pat.pat_entries() {
        if entry.default().is_some() {
            continue;
        }
        let Some(ident) = entry.ident() else { continue };
        let Some(tok) = ident.ident_token() else {
            continue;
        };
        let span = env.span(&ident);
        let name: Rc<str> = Rc::from(tok.text());
        let value = Value {
            kind: ValueKind::Ref(Rc::new(SymbolicRef {
                root: Rc::clone(&name),
                path: Vec::new(),
            })),
            span,
        };
        attrs.insert(
            name,
            AttrEntry {
                value: Thunk::ready(value),
                key_span: span,
            },
        );
    }
    Some(Value {
        kind: ValueKind::Attrs(Rc::new(attrs)),
        span: env.span(&pat),
    })
}

/// `builtins.functionArgs`: formal name → whether it has a default.
pub fn formals(f: &Function) -> Vec<(Rc<str>, bool, Span)> {
    let Function::Lambda { node, env } = f else {
        return Vec::new();
    };
    let Some(ast::Param::Pattern(pat)) = node.param() else {
        return Vec::new();
    };
    pat.pat_entries()
        .filter_map(|e| {
            let ident = e.ident()?;
            let tok = ident.ident_token()?;
            Some((
                Rc::from(tok.text()),
                e.default().is_some(),
                env.span(&ident),
            ))
        })
        .collect()
}
