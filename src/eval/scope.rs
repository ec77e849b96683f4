//! Lexical scopes. Names bound by `let`, `rec`, lambdas and the base environment
//! always win over `with`; among `with`s the innermost one is searched first.

use std::cell::RefCell;
use std::rc::Rc;

use camino::Utf8PathBuf;
use rowan::ast::AstNode;

use crate::source::{FileId, Span};

use super::thunk::Thunk;
use super::value::{SymbolicRef, Value, ValueKind};
use super::{EvalError, Evaluator, errors};

/// The file an expression was written in: spans and relative paths come from it.
#[derive(Debug)]
pub struct FileCtx {
    pub id: FileId,
    pub dir: Utf8PathBuf,
}

/// The names a scope binds. A sorted vector: most scopes bind one to a few
/// names, and `let`/`rec` bind theirs in sorted order (appends).
pub type Bindings = litemap::LiteMap<Rc<str>, Thunk>;

/// Where an expression is evaluated: its scope chain and its file.
#[derive(Clone)]
pub struct Env {
    pub scope: Rc<Scope>,
    pub file: Rc<FileCtx>,
}

impl Env {
    pub fn span(&self, node: &impl AstNode) -> Span {
        Span::new(self.file.id, node.syntax().text_range())
    }

    /// A child scope; `bindings` may be filled after creation (for `rec` and `let`,
    /// whose thunks need the scope they are stored in).
    pub fn child(&self, bindings: Bindings) -> Env {
        Env {
            scope: Rc::new(Scope {
                kind: ScopeKind::Bindings(RefCell::new(bindings)),
                parent: Some(Rc::clone(&self.scope)),
            }),
            file: Rc::clone(&self.file),
        }
    }

    pub fn with(&self, namespace: Thunk) -> Env {
        Env {
            scope: Rc::new(Scope {
                kind: ScopeKind::With(namespace),
                parent: Some(Rc::clone(&self.scope)),
            }),
            file: Rc::clone(&self.file),
        }
    }

    /// Adds a binding to this env's innermost scope (which must be a bindings scope).
    pub fn bind(&self, name: Rc<str>, value: Thunk) {
        if let ScopeKind::Bindings(b) = &self.scope.kind {
            b.borrow_mut().insert(name, value);
        }
    }
}

pub struct Scope {
    kind: ScopeKind,
    parent: Option<Rc<Scope>>,
}

enum ScopeKind {
    Bindings(RefCell<Bindings>),
    With(Thunk),
}

impl Scope {
    pub fn root(bindings: Bindings) -> Scope {
        Scope {
            kind: ScopeKind::Bindings(RefCell::new(bindings)),
            parent: None,
        }
    }

    fn chain(self: &Rc<Self>) -> impl Iterator<Item = &Scope> {
        std::iter::successors(Some(&**self), |s| s.parent.as_deref())
    }

    /// Every lexically bound name (for did-you-mean).
    fn lexical_names(self: &Rc<Self>) -> Vec<Rc<str>> {
        let mut names = Vec::new();
        for s in self.chain() {
            if let ScopeKind::Bindings(b) = &s.kind {
                names.extend(b.borrow().keys().cloned());
            }
        }
        names
    }
}

/// Looks a variable up: lexical bindings first, then `with` namespaces innermost
/// first. A `with` over an opaque reference answers every name with a reference.
pub fn lookup(ev: &Evaluator, env: &Env, name: &str, at: Span) -> Result<Thunk, EvalError> {
    for s in env.scope.chain() {
        if let ScopeKind::Bindings(b) = &s.kind
            && let Some(t) = b.borrow().get(name)
        {
            return Ok(t.clone());
        }
    }
    for s in env.scope.chain() {
        if let ScopeKind::With(ns) = &s.kind {
            let v = ns.force(ev)?;
            match &v.kind {
                ValueKind::Attrs(a) => {
                    if let Some(e) = a.get(name) {
                        return Ok(e.value.clone());
                    }
                }
                ValueKind::Ref(r) => {
                    return Ok(Thunk::ready(select_ref(ev, r, name, at)));
                }
                _ => {
                    return Err(errors::expected(
                        "a set as the namespace of `with`",
                        &v,
                        ns.span(),
                    ));
                }
            }
        }
    }
    let names = env.scope.lexical_names();
    Err(errors::undefined_variable(
        name,
        at,
        names.iter().map(AsRef::as_ref),
    ))
}

/// `r.name` for an opaque reference. `lib` is special: its known functions are ours.
pub fn select_ref(ev: &Evaluator, r: &SymbolicRef, name: &str, at: Span) -> Value {
    if &*r.root == "lib"
        && (r.path.is_empty()
            || (r.path.len() == 1 && super::lib_functions::is_namespace(&r.path[0])))
        && let Some(f) = super::lib_functions::lookup(ev, name, at)
    {
        return f;
    }
    let mut path = r.path.clone();
    path.push(Rc::from(name));
    Value {
        kind: ValueKind::Ref(Rc::new(SymbolicRef {
            root: Rc::clone(&r.root),
            path,
        })),
        span: at,
    }
}
