//! Attribute-set and `let` bindings: lowering of nested attribute paths into one
//! tree (Nix's `addAttr`), and evaluation of that tree.
//!
//! `a.b = 1; a.c = 2;` and `a = { b = 1; }; a.c = 2;` both give `a = { b; c; }`:
//! a value that is an attribute-set literal is lowered into the tree, so later
//! paths merge into it, as Nix does at parse time.

use std::collections::HashMap;
use std::rc::Rc;

use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode as _;

use crate::diagnostics::Diagnostic;
use crate::source::Span;

use super::scope::{self, Env};
use super::thunk::Thunk;
use super::value::{AttrEntry, Attrs, Value, ValueKind};
use super::{EvalError, Evaluator, errors, expr, strings};

#[derive(Clone)]
pub struct AttrsDef {
    pub rec: bool,
    /// Sorted by name once lowering is done (in order of definition before).
    pub statics: Statics,
    pub dynamics: Vec<DynamicDef>,
    /// The literal, or the first attribute path that created this set.
    pub span: Span,
}

/// Static bindings: a vector (most sets have a few), searched linearly while
/// small and through a hash index once big, then sorted once when lowering
/// ends, so a set of thousands of names written in any order stays cheap.
#[derive(Clone, Default)]
pub struct Statics {
    entries: Vec<(Rc<str>, AttrDef)>,
    index: Option<HashMap<Rc<str>, usize>>,
}

/// Below this many names a linear search beats hashing.
const INDEX_FROM: usize = 16;

impl Statics {
    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| &**k == name),
        }
    }

    fn get(&self, name: &str) -> Option<&AttrDef> {
        self.position(name).map(|i| &self.entries[i].1)
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut AttrDef> {
        self.position(name).map(|i| &mut self.entries[i].1)
    }

    /// Adds a name that is not there yet; returns its definition.
    fn push(&mut self, name: Rc<str>, def: AttrDef) -> &mut AttrDef {
        let i = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(Rc::clone(&name), i);
        } else if i + 1 >= INDEX_FROM {
            let mut index: HashMap<Rc<str>, usize> = self
                .entries
                .iter()
                .enumerate()
                .map(|(j, (k, _))| (Rc::clone(k), j))
                .collect();
            index.insert(Rc::clone(&name), i);
            self.index = Some(index);
        }
        self.entries.push((name, def));
        &mut self.entries[i].1
    }

    /// Sorts by name (Nix's order) and drops the index, in nested sets too.
    fn finish(&mut self) {
        self.index = None;
        self.entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.entries.shrink_to_fit();
        for (_, d) in &mut self.entries {
            if let DefValue::Nested(n) = &mut d.value {
                Rc::make_mut(n).finish();
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &AttrDef)> {
        self.entries.iter().map(|(k, d)| (k, d))
    }
}

impl AttrsDef {
    fn finish(&mut self) {
        self.statics.finish();
        for d in &mut self.dynamics {
            if let DefValue::Nested(n) = &mut d.value {
                Rc::make_mut(n).finish();
            }
        }
    }
}

#[derive(Clone)]
pub struct AttrDef {
    pub value: DefValue,
    pub key_span: Span,
}

#[derive(Clone)]
pub struct DynamicDef {
    pub name: ast::Expr,
    pub value: DefValue,
    pub key_span: Span,
}

#[derive(Clone)]
pub enum DefValue {
    Expr(ast::Expr),
    Nested(Rc<AttrsDef>),
    /// `inherit x;`: `x` from the scope around the set (not the `rec` scope).
    Inherit,
    /// `inherit (e) x;`: `e.x`, with `e` evaluated where the values are.
    InheritFrom(ast::Expr),
}

/// An attribute name in a path: static when known without evaluation.
enum Name {
    Static(Rc<str>),
    Dynamic(ast::Expr),
}

/// Whether a set literal is `rec`. rnix's `rec_token()` scans every child of the
/// set; the keyword can only be its first non-trivia token.
pub fn is_rec(set: &ast::AttrSet) -> bool {
    set.syntax()
        .children_with_tokens()
        .find(|e| !e.kind().is_trivia())
        .is_some_and(|e| e.kind() == rnix::SyntaxKind::TOKEN_REC)
}

fn unparen(mut e: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(p) = &e {
        match p.expr() {
            Some(inner) => e = inner,
            None => break,
        }
    }
    e
}

/// `a`, `"a"` and `${"a"}` are static; `"${x}"` and `${x}` are dynamic.
fn attr_name(attr: &ast::Attr) -> Option<Name> {
    match attr {
        ast::Attr::Ident(i) => Some(Name::Static(Rc::from(i.ident_token()?.text()))),
        ast::Attr::Str(s) => Some(match strings::literal_text(s) {
            Some(t) => Name::Static(Rc::from(t)),
            None => Name::Dynamic(ast::Expr::Str(s.clone())),
        }),
        ast::Attr::Dynamic(d) => {
            let e = unparen(d.expr()?);
            if let ast::Expr::Str(s) = &e
                && let Some(t) = strings::literal_text(s)
            {
                return Some(Name::Static(Rc::from(t)));
            }
            Some(Name::Dynamic(e))
        }
    }
}

fn display_path(path: &[ast::Attr]) -> String {
    path.iter()
        .map(|a| match attr_name(a) {
            Some(Name::Static(n)) => n.to_string(),
            _ => "${…}".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn duplicate(path: &str, again: Span, first: Span) -> EvalError {
    Diagnostic::error(
        "eval::duplicate-attribute",
        format!("attribute `{path}` is defined twice"),
    )
    .with_label(again, "defined again here")
    .with_label(first, "first defined here")
    .into()
}

/// Lowers the bindings of a set literal or `let`.
pub fn lower(
    node: &impl HasEntry,
    rec: bool,
    span: Span,
    env: &Env,
) -> Result<AttrsDef, EvalError> {
    let mut def = lower_unsorted(node, rec, span, env)?;
    def.finish();
    Ok(def)
}

/// [`lower`] without the final sort: later paths may still merge into it.
fn lower_unsorted(
    node: &impl HasEntry,
    rec: bool,
    span: Span,
    env: &Env,
) -> Result<AttrsDef, EvalError> {
    let mut def = AttrsDef {
        rec,
        statics: Statics::default(),
        dynamics: Vec::new(),
        span,
    };
    for entry in node.entries() {
        match entry {
            ast::Entry::AttrpathValue(apv) => {
                let path: Vec<ast::Attr> = apv
                    .attrpath()
                    .map(|p| p.attrs().collect())
                    .unwrap_or_default();
                let Some(value) = apv.value() else { continue };
                add_attr(&mut def, &path, value, env)?;
            }
            ast::Entry::Inherit(inh) => {
                let from = inh.from().and_then(|f| f.expr());
                for attr in inh.attrs() {
                    let key_span = env.span(&attr);
                    let Some(Name::Static(name)) = attr_name(&attr) else {
                        return Err(errors::error(
                            "eval::unsupported",
                            "dynamic attributes are not allowed in `inherit`",
                            key_span,
                            "dynamic name",
                        ));
                    };
                    if let Some(old) = def.statics.get(&name) {
                        return Err(duplicate(&name, key_span, old.key_span));
                    }
                    let value = match &from {
                        Some(e) => DefValue::InheritFrom(e.clone()),
                        None => DefValue::Inherit,
                    };
                    def.statics.push(name, AttrDef { value, key_span });
                }
            }
        }
    }
    Ok(def)
}

/// A value expression; attribute-set literals are lowered so later paths merge in.
fn def_value(e: ast::Expr, env: &Env) -> Result<DefValue, EvalError> {
    if let ast::Expr::AttrSet(set) = unparen(e.clone()) {
        let rec = is_rec(&set);
        return Ok(DefValue::Nested(Rc::new(lower_unsorted(
            &set,
            rec,
            env.span(&set),
            env,
        )?)));
    }
    Ok(DefValue::Expr(e))
}

fn add_attr(
    def: &mut AttrsDef,
    path: &[ast::Attr],
    value: ast::Expr,
    env: &Env,
) -> Result<(), EvalError> {
    let Some((last, init)) = path.split_last() else {
        return Ok(());
    };
    let mut cur = def;
    for (i, attr) in init.iter().enumerate() {
        let key_span = env.span(attr);
        let Some(name) = attr_name(attr) else {
            return Ok(());
        };
        let nested = || {
            DefValue::Nested(Rc::new(AttrsDef {
                rec: false,
                statics: Statics::default(),
                dynamics: Vec::new(),
                span: key_span,
            }))
        };
        let slot = match name {
            Name::Static(name) => {
                let entry = match cur.statics.position(&name) {
                    Some(i) => &mut cur.statics.entries[i].1,
                    None => cur.statics.push(
                        name,
                        AttrDef {
                            value: nested(),
                            key_span,
                        },
                    ),
                };
                if !matches!(entry.value, DefValue::Nested(_)) {
                    return Err(duplicate(
                        &display_path(&path[..=i]),
                        key_span,
                        entry.key_span,
                    ));
                }
                &mut entry.value
            }
            Name::Dynamic(e) => {
                cur.dynamics.push(DynamicDef {
                    name: e,
                    value: nested(),
                    key_span,
                });
                match cur.dynamics.last_mut() {
                    Some(d) => &mut d.value,
                    None => return Ok(()),
                }
            }
        };
        let DefValue::Nested(n) = slot else {
            return Ok(());
        };
        cur = Rc::make_mut(n);
    }
    let key_span = env.span(last);
    let value = def_value(value, env)?;
    match attr_name(last) {
        None => {}
        Some(Name::Dynamic(e)) => cur.dynamics.push(DynamicDef {
            name: e,
            value,
            key_span,
        }),
        Some(Name::Static(name)) => match cur.statics.get_mut(&name) {
            None => {
                cur.statics.push(name, AttrDef { value, key_span });
            }
            Some(existing) => match (&mut existing.value, value) {
                // `a = { b = 1; }; a = { c = 2; };` merges one level deep, as Nix does.
                (DefValue::Nested(old), DefValue::Nested(new)) => {
                    let old = Rc::make_mut(old);
                    // In name order, as before lowering sorted: the first clash reported
                    // is the same.
                    let mut added: Vec<_> = new.statics.iter().collect();
                    added.sort_unstable_by(|x, y| x.0.cmp(y.0));
                    for (k, ad) in added {
                        if let Some(prev) = old.statics.get(k) {
                            let p = format!("{}.{k}", display_path(path));
                            return Err(duplicate(&p, ad.key_span, prev.key_span));
                        }
                        old.statics.push(Rc::clone(k), ad.clone());
                    }
                    // Current Nix keeps the dynamic attributes of the merged set (2.8 drops them).
                    old.dynamics.extend(new.dynamics.iter().cloned());
                }
                _ => return Err(duplicate(&display_path(path), key_span, existing.key_span)),
            },
        },
    }
    Ok(())
}

/// Evaluates a lowered set to WHNF: static values stay lazy, dynamic names are
/// evaluated now (as Nix does).
pub fn eval_set(ev: &Evaluator, def: &AttrsDef, env: &Env) -> Result<Attrs, EvalError> {
    let inner = if def.rec {
        env.child(scope::Bindings::new())
    } else {
        env.clone()
    };
    let mut out = Attrs::new();
    for (name, ad) in def.statics.iter() {
        let t = value_thunk(&ad.value, name, ad.key_span, &inner, env);
        if def.rec {
            inner.bind(Rc::clone(name), t.clone());
        }
        out.insert(
            Rc::clone(name),
            AttrEntry {
                value: t,
                key_span: ad.key_span,
            },
        );
    }
    for d in &def.dynamics {
        let n = expr::eval(ev, &d.name, &inner)?;
        let name: Rc<str> = match &n.kind {
            ValueKind::Null => continue,
            ValueKind::Str(s) => Rc::clone(s),
            _ => {
                let at = inner.span(&d.name);
                return Err(errors::expected("a string as an attribute name", &n, at));
            }
        };
        if let Some(old) = out.get(&name) {
            return Err(duplicate(&name, d.key_span, old.key_span));
        }
        let t = value_thunk(&d.value, &name, d.key_span, &inner, env);
        out.insert(
            name,
            AttrEntry {
                value: t,
                key_span: d.key_span,
            },
        );
    }
    Ok(out)
}

/// `let`: every binding sees every other; dynamic names are not allowed.
pub fn let_env(ev: &Evaluator, def: &AttrsDef, env: &Env) -> Result<Env, EvalError> {
    if let Some(d) = def.dynamics.first() {
        return Err(errors::error(
            "eval::unsupported",
            "dynamic attributes are not allowed in `let`",
            d.key_span,
            "dynamic name",
        ));
    }
    let _ = ev;
    let inner = env.child(scope::Bindings::new());
    for (name, ad) in def.statics.iter() {
        let t = value_thunk(&ad.value, name, ad.key_span, &inner, env);
        inner.bind(Rc::clone(name), t);
    }
    Ok(inner)
}

fn value_thunk(
    value: &DefValue,
    name: &Rc<str>,
    key_span: Span,
    inner: &Env,
    outer: &Env,
) -> Thunk {
    match value {
        DefValue::Expr(e) => expr::delay(e, inner),
        DefValue::Nested(def) => {
            let def = Rc::clone(def);
            let env = inner.clone();
            Thunk::delayed(def.span, move |ev| {
                let attrs = eval_set(ev, &def, &env)?;
                Ok(Value {
                    kind: ValueKind::Attrs(Rc::new(attrs)),
                    span: def.span,
                })
            })
        }
        DefValue::Inherit => {
            let env = outer.clone();
            let name = Rc::clone(name);
            Thunk::delayed(key_span, move |ev| {
                scope::lookup(ev, &env, &name, key_span)?.force(ev)
            })
        }
        DefValue::InheritFrom(from) => {
            let env = inner.clone();
            let from = from.clone();
            let name = Rc::clone(name);
            Thunk::delayed(key_span, move |ev| {
                let set = expr::eval(ev, &from, &env)?;
                expr::select_one(ev, &set, &name, key_span)?.force(ev)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use camino::Utf8PathBuf;

    use crate::eval::Evaluator;
    use crate::source::SourceMap;

    /// Evaluates `src` strictly and returns its JSON, or the first diagnostic's code.
    fn eval(src: &str) -> Result<String, &'static str> {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Utf8PathBuf::from_path_buf(dir.path().to_owned()).expect("utf-8");
        std::fs::write(root.join("t.nix"), src).expect("write");
        let ev = Evaluator::new(Rc::new(SourceMap::new()), root.clone());
        ev.eval_file(&root.join("t.nix"))
            .and_then(|v| ev.to_json(&v))
            .map(|j| j.to_string())
            .map_err(|e| e.diagnostics[0].code)
    }

    #[test]
    fn nested_paths_merge() {
        assert_eq!(
            eval("{ a.b = 1; a.c = 2; }"),
            Ok(r#"{"a":{"b":1,"c":2}}"#.into())
        );
        assert_eq!(
            eval("{ a = { b = 1; }; a.c = 2; }"),
            Ok(r#"{"a":{"b":1,"c":2}}"#.into())
        );
        assert_eq!(
            eval("{ a.c = 2; a = { b = 1; }; }"),
            Ok(r#"{"a":{"b":1,"c":2}}"#.into())
        );
        assert_eq!(
            eval("{ a = { b = 1; }; a = { c = 2; }; }"),
            Ok(r#"{"a":{"b":1,"c":2}}"#.into())
        );
        assert_eq!(
            eval("let a.b = 1; a.c = 2; in a"),
            Ok(r#"{"b":1,"c":2}"#.into())
        );
    }

    #[test]
    fn merged_dynamic_attributes_are_kept_as_in_current_nix() {
        assert_eq!(
            eval("let k = \"q\"; in { a.c = 2; a = { ${k} = 1; }; }"),
            Ok(r#"{"a":{"c":2,"q":1}}"#.into())
        );
    }

    #[test]
    fn duplicates_are_errors() {
        for src in [
            "{ a = 1; a = 2; }",
            "{ a.b = 1; a.b = 2; }",
            "{ a = 1; a.b = 2; }",
            "{ a = { b = 1; }; a.b = 2; }",
            "{ a.b.x = 1; a = { b.y = 2; }; }",
            "let k = \"a\"; in { a = 1; ${k} = 2; }",
            "let a = 1; in { inherit a; a = 2; }",
        ] {
            assert_eq!(eval(src), Err("eval::duplicate-attribute"), "{src}");
        }
    }

    #[test]
    fn rec_and_inherit_scoping() {
        assert_eq!(
            eval("let a = 1; in rec { inherit a; b = a + 1; }"),
            Ok(r#"{"a":1,"b":2}"#.into())
        );
        assert_eq!(
            eval("rec { x = \"k\"; ${x} = 1; }"),
            Ok(r#"{"k":1,"x":"k"}"#.into())
        );
        assert_eq!(eval("{ ${null} = 1; }"), Ok("{}".into()));
    }
}
