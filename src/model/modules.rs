//! users.nix as NixOS's module system reads it (nixpkgs' lib/modules.nix), for
//! the options devbox-gen reads: a module and the modules it `imports`, its
//! `config` or the bare set, the properties `mkIf`, `mkMerge`, `mkOverride`
//! (`mkDefault`, `mkForce`) and `mkOrder` (`mkBefore`, `mkAfter`), and the
//! definitions of one option from several modules filtered by priority.
//!
//! The rules, as lib/modules.nix has them:
//! - a set of options (a namespace such as `users` or `devbox`) pushes its
//!   `mkIf`/`mkMerge`/`mkOverride` down to its attributes (`pushDownProperties`);
//! - an option's definitions are discharged (`mkMerge` splits, `mkIf false`
//!   drops), then only those of the highest priority (lowest number, default
//!   100) are kept (`filterOverrides`); an override wrapped around a namespace
//!   wins over one inside it;
//! - `attrsOf` (as `users.users`) merges per attribute name, each name's
//!   definitions going through the same filter again, and a submodule starts
//!   afresh (its fields do not inherit the entry's priority);
//! - single-valued options need all remaining definitions equal
//!   (`mergeEqualOption`); lists concatenate them.

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use camino::Utf8PathBuf;

use crate::diagnostics::Diagnostic;
use crate::eval::{Attrs, EvalError, Evaluator, Thunk, Value, ValueKind};
use crate::source::Span;

/// `lib.modules.defaultOverridePriority`: a definition without `mkOverride`.
pub const DEFAULT_PRIORITY: i64 = 100;

/// What `lib.mkIf` & co. build: `{ _type = …; … }`.
pub enum Property {
    If { condition: Thunk, content: Thunk },
    Merge { contents: Thunk },
    Override { priority: Thunk, content: Thunk },
    Order { content: Thunk },
}

/// The property a value is, if it is one.
pub fn property(ev: &Evaluator, v: &Value) -> Option<Property> {
    let ValueKind::Attrs(a) = &v.kind else {
        return None;
    };
    let kind = ev.force(&a.get("_type")?.value).ok()?;
    let ValueKind::Str(kind) = &kind.kind else {
        return None;
    };
    let field = |name: &str| a.get(name).map(|e| e.value.clone());
    Some(match &**kind {
        "if" => Property::If {
            condition: field("condition")?,
            content: field("content")?,
        },
        "merge" => Property::Merge {
            contents: field("contents")?,
        },
        "override" => Property::Override {
            priority: field("priority")?,
            content: field("content")?,
        },
        "order" => Property::Order {
            content: field("content")?,
        },
        _ => return None,
    })
}

/// A definition of an option or namespace.
#[derive(Clone)]
pub struct Def {
    pub value: Thunk,
    /// An override pushed down from a namespace around it, or its own.
    pub priority: Option<i64>,
    /// Where it is written (an attribute name, or the value).
    pub at: Span,
}

impl Def {
    pub fn new(value: Thunk, at: Span) -> Self {
        Def {
            value,
            priority: None,
            at,
        }
    }
}

/// A definition with its properties discharged: a plain value.
#[derive(Clone)]
pub struct Resolved {
    pub value: Value,
    pub priority: Option<i64>,
    pub at: Span,
}

impl Resolved {
    fn effective_priority(&self) -> i64 {
        self.priority.unwrap_or(DEFAULT_PRIORITY)
    }

    /// As a definition of the next level down (a submodule starts afresh).
    pub fn as_def(&self) -> Def {
        Def::new(Thunk::ready(self.value.clone()), self.at)
    }
}

/// Why a definition could not be resolved.
pub enum Stop {
    /// It depends on what devbox-gen does not evaluate (an opaque `mkIf`
    /// condition, a `throw`, a failing expression): why, where, and the
    /// evaluator's diagnostics.
    Undecided {
        why: String,
        at: Span,
        diagnostics: Vec<Diagnostic>,
    },
    /// Wrong in NixOS too.
    Error(Vec<Diagnostic>),
}

impl Stop {
    fn eval(e: EvalError, at: Span) -> Stop {
        let first = e.diagnostics.first();
        let why = first.map_or_else(
            || "it failed to evaluate".to_owned(),
            |d| format!("evaluating it fails: {}", d.message),
        );
        let at = first.and_then(Diagnostic::primary_span).unwrap_or(at);
        Stop::Undecided {
            why,
            at,
            diagnostics: e.diagnostics,
        }
    }

    /// The diagnostics to report when the definition was needed.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            Stop::Undecided {
                diagnostics,
                why,
                at,
                ..
            } => {
                if diagnostics.is_empty() {
                    vec![
                        Diagnostic::error(
                            "spec::undecided",
                            format!("devbox-gen cannot evaluate this: {why}"),
                        )
                        .with_label(at, "needed here"),
                    ]
                } else {
                    diagnostics
                }
            }
            Stop::Error(d) => d,
        }
    }
}

fn type_error(v: &Value, expected: &str, what: &str) -> Stop {
    Stop::Error(vec![
        Diagnostic::error(
            "spec::type-mismatch",
            format!(
                "`{what}` must be {expected}, found a {}",
                v.kind.type_name()
            ),
        )
        .with_label(v.span, format!("expected {expected}")),
    ])
}

/// `dischargeProperties`, keeping the override: the plain values a definition stands for.
pub fn discharge(ev: &Evaluator, def: &Def, what: &str) -> Result<Vec<Resolved>, Stop> {
    let mut out = Vec::new();
    discharge_into(ev, def, what, &mut out, 0)?;
    Ok(out)
}

/// Properties nest only as deep as a file writes them; the bound keeps a
/// self-referential `mkMerge` from overflowing the stack.
pub const MAX_PROPERTY_DEPTH: usize = 1000;

fn discharge_into(
    ev: &Evaluator,
    def: &Def,
    what: &str,
    out: &mut Vec<Resolved>,
    depth: usize,
) -> Result<(), Stop> {
    let v = ev.force(&def.value).map_err(|e| Stop::eval(e, def.at))?;
    if depth > MAX_PROPERTY_DEPTH {
        return Err(Stop::Error(vec![
            Diagnostic::error(
                "eval::depth",
                format!("module properties nested more than {MAX_PROPERTY_DEPTH} levels deep"),
            )
            .with_label(v.span, "while resolving this"),
        ]));
    }
    let next = |value: Thunk, priority: Option<i64>| Def {
        value,
        priority,
        at: def.at,
    };
    match property(ev, &v) {
        None => out.push(Resolved {
            value: v,
            priority: def.priority,
            at: def.at,
        }),
        Some(Property::If { condition, content }) => {
            let c = ev.force(&condition).map_err(|e| Stop::eval(e, def.at))?;
            match &c.kind {
                ValueKind::Bool(true) => {
                    discharge_into(ev, &next(content, def.priority), what, out, depth + 1)?;
                }
                ValueKind::Bool(false) => {}
                ValueKind::Ref(r) => {
                    return Err(Stop::Undecided {
                        why: format!(
                            "its `lib.mkIf` condition is `{r}`, which devbox-gen does not evaluate"
                        ),
                        at: c.span,
                        diagnostics: Vec::new(),
                    });
                }
                _ => {
                    return Err(type_error(
                        &c,
                        "a boolean (the condition of `lib.mkIf`)",
                        what,
                    ));
                }
            }
        }
        Some(Property::Merge { contents }) => {
            let l = ev.force(&contents).map_err(|e| Stop::eval(e, def.at))?;
            let ValueKind::List(items) = &l.kind else {
                return Err(type_error(
                    &l,
                    "a list (the argument of `lib.mkMerge`)",
                    what,
                ));
            };
            for t in items.iter() {
                discharge_into(ev, &next(t.clone(), def.priority), what, out, depth + 1)?;
            }
        }
        Some(Property::Override { priority, content }) => {
            let p = ev.force(&priority).map_err(|e| Stop::eval(e, def.at))?;
            let ValueKind::Int(p) = p.kind else {
                return Err(type_error(
                    &p,
                    "an integer (the priority of `lib.mkOverride`)",
                    what,
                ));
            };
            // An override pushed down from around a namespace wins over this one.
            discharge_into(
                ev,
                &next(content, def.priority.or(Some(p))),
                what,
                out,
                depth + 1,
            )?;
        }
        Some(Property::Order { content }) => {
            discharge_into(ev, &next(content, def.priority), what, out, depth + 1)?;
        }
    }
    Ok(())
}

/// An option's definitions: discharged, then only the highest priority kept.
pub fn option(ev: &Evaluator, defs: &[Def], what: &str) -> Result<Vec<Resolved>, Stop> {
    let mut all = Vec::new();
    for def in defs {
        all.extend(discharge(ev, def, what)?);
    }
    let best = all.iter().map(Resolved::effective_priority).min();
    all.retain(|r| Some(r.effective_priority()) == best);
    Ok(all)
}

/// Each resolved definition as a set (of a namespace, or of an attribute set option).
fn sets(resolved: Vec<Resolved>, what: &str) -> Result<Vec<(Rc<Attrs>, Resolved)>, Stop> {
    resolved
        .into_iter()
        .map(|r| match &r.value.kind {
            ValueKind::Attrs(a) => Ok((Rc::clone(a), r)),
            _ => Err(type_error(&r.value, "an attribute set", what)),
        })
        .collect()
}

/// The sets a namespace's definitions resolve to, each with its pushed-down priority.
fn namespace(ev: &Evaluator, defs: &[Def], what: &str) -> Result<Vec<(Rc<Attrs>, Resolved)>, Stop> {
    let mut out = Vec::new();
    for def in defs {
        out.extend(sets(discharge(ev, def, what)?, what)?);
    }
    Ok(out)
}

/// `name` in a namespace: its definitions, with the namespace's override pushed down.
pub fn child(ev: &Evaluator, defs: &[Def], name: &str, what: &str) -> Result<Vec<Def>, Stop> {
    Ok(namespace(ev, defs, what)?
        .into_iter()
        .filter_map(|(attrs, r)| {
            attrs.get(name).map(|e| Def {
                value: e.value.clone(),
                priority: r.priority,
                at: e.key_span,
            })
        })
        .collect())
}

/// The sets a namespace's definitions resolve to (for unknown-field checks).
pub fn namespace_sets(ev: &Evaluator, defs: &[Def], what: &str) -> Result<Vec<Rc<Attrs>>, Stop> {
    Ok(namespace(ev, defs, what)?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// An `attrsOf` option (`users.users`): each name's definitions, in name order.
pub fn attrs_of(
    ev: &Evaluator,
    defs: &[Def],
    what: &str,
) -> Result<BTreeMap<String, Vec<Def>>, Stop> {
    let mut out: BTreeMap<String, Vec<Def>> = BTreeMap::new();
    for (attrs, _) in sets(option(ev, defs, what)?, what)? {
        for (name, e) in attrs.iter() {
            out.entry(name.to_string())
                .or_default()
                .push(Def::new(e.value.clone(), e.key_span));
        }
    }
    Ok(out)
}

/// A single-valued option: `None` when nothing defines it, an error naming
/// both places when two definitions of the same priority differ.
pub fn single(ev: &Evaluator, defs: &[Def], what: &str) -> Result<Option<Resolved>, Stop> {
    let all = option(ev, defs, what)?;
    let Some(first) = all.first() else {
        return Ok(None);
    };
    if let Some(other) = all
        .iter()
        .skip(1)
        .find(|r| !same_value(&first.value, &r.value))
    {
        return Err(Stop::Error(vec![
            Diagnostic::error(
                "spec::conflicting-definitions",
                format!("`{what}` has conflicting definitions"),
            )
            .with_label(first.value.span, "defined as this")
            .with_label(other.value.span, "and as this, at the same priority")
            .with_help(
                "NixOS refuses two different values of one option too: remove one, or give one `lib.mkDefault` (or the other `lib.mkForce`)",
            ),
        ]));
    }
    Ok(Some(first.clone()))
}

/// Values that `mergeEqualOption` takes as the same.
fn same_value(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Null, ValueKind::Null) => true,
        (ValueKind::Bool(x), ValueKind::Bool(y)) => x == y,
        (ValueKind::Int(x), ValueKind::Int(y)) => x == y,
        (ValueKind::Str(x), ValueKind::Str(y)) => x == y,
        (ValueKind::Path(x), ValueKind::Path(y)) => x == y,
        (ValueKind::Ref(x), ValueKind::Ref(y)) => x.to_string() == y.to_string(),
        _ => false,
    }
}

/// A list option: every definition of the highest priority, concatenated in module order.
pub fn list(ev: &Evaluator, defs: &[Def], what: &str) -> Result<Vec<Thunk>, Stop> {
    let mut out = Vec::new();
    for r in option(ev, defs, what)? {
        match &r.value.kind {
            ValueKind::List(items) => out.extend(items.iter().cloned()),
            _ => return Err(type_error(&r.value, "a list", what)),
        }
    }
    Ok(out)
}

/// The keys a module may have besides its configuration.
const MODULE_KEYS: &[&str] = &[
    "imports",
    "options",
    "config",
    "_file",
    "key",
    "disabledModules",
    "meta",
    "_class",
    "freeformType",
];

/// Every module of users.nix (it, then what it imports, depth first, each file
/// once, as `collectModules` does): their configurations as definitions.
pub fn collect(ev: &Evaluator, root: &Value) -> (Vec<Def>, Vec<Diagnostic>) {
    let mut c = Collector {
        ev,
        seen: HashSet::new(),
        configs: Vec::new(),
        diagnostics: Vec::new(),
    };
    c.module(root, "users.nix");
    (c.configs, c.diagnostics)
}

struct Collector<'a> {
    ev: &'a Evaluator,
    seen: HashSet<Utf8PathBuf>,
    configs: Vec<Def>,
    diagnostics: Vec<Diagnostic>,
}

impl Collector<'_> {
    fn module(&mut self, m: &Value, what: &str) {
        let ValueKind::Attrs(a) = &m.kind else {
            self.diagnostics.push(
                Diagnostic::error(
                    "spec::type-mismatch",
                    format!("`{what}` must be a module (an attribute set or a function returning one), found a {}", m.kind.type_name()),
                )
                .with_label(m.span, "expected an attribute set"),
            );
            return;
        };
        // A module with `config` or `options` keeps its settings in `config`;
        // otherwise the whole set is its configuration.
        if a.contains_key("config") || a.contains_key("options") {
            if let Some(e) = a.get("config") {
                self.configs.push(Def::new(e.value.clone(), e.key_span));
            }
            for (k, e) in a.iter() {
                if !MODULE_KEYS.contains(&k.as_ref()) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "spec::module-shape",
                            format!("`{k}` beside `config` in a module: NixOS refuses it"),
                        )
                        .with_label(e.key_span, "move this into `config`")
                        .with_help("a module with `config` (or `options`) keeps every setting inside `config`"),
                    );
                }
            }
        } else {
            self.configs.push(Def::new(Thunk::ready(m.clone()), m.span));
        }
        if let Some(e) = a.get("imports") {
            self.imports(&e.value, what);
        }
    }

    fn imports(&mut self, t: &Thunk, what: &str) {
        let list = match self.ev.force(t) {
            Ok(v) => v,
            Err(e) => return self.diagnostics.extend(e.diagnostics),
        };
        let ValueKind::List(items) = &list.kind else {
            self.diagnostics.push(
                Diagnostic::error(
                    "spec::type-mismatch",
                    format!(
                        "`imports` of {what} must be a list, found a {}",
                        list.kind.type_name()
                    ),
                )
                .with_label(list.span, "expected a list of paths or modules"),
            );
            return;
        };
        for item in items.iter() {
            let v = match self.ev.force(item) {
                Ok(v) => v,
                Err(e) => {
                    self.diagnostics.extend(e.diagnostics);
                    continue;
                }
            };
            let path = match &v.kind {
                ValueKind::Path(p) => Some((**p).clone()),
                ValueKind::Str(s) if s.starts_with('/') => Some(Utf8PathBuf::from(&**s)),
                _ => None,
            };
            let module = match path {
                Some(p) => {
                    // A file is one module however often it is imported.
                    if !self.seen.insert(p.clone()) {
                        continue;
                    }
                    self.ev.import_module(&p, v.span)
                }
                None => self.ev.call_spec_function(v),
            };
            match module {
                Ok(m) => self.module(&m, "an imported module"),
                Err(e) => self.diagnostics.extend(e.diagnostics),
            }
        }
    }
}
