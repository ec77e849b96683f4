//! Decoding helpers: force a value, check its type, report what was expected.
//! Every helper reports into the sink and returns `None` on a problem, so one
//! run finds every bad field.

use std::collections::BTreeMap;
use std::fmt::{self, Display};
use std::rc::Rc;

use crate::diagnostics::{Diagnostic, Diagnostics, guess_or};
use crate::eval::{AttrEntry, Attrs, EvalError, Evaluator, Thunk, Value, ValueKind};
use crate::source::Span;

use super::modules::{self, MAX_PROPERTY_DEPTH, Property};
use super::{Number, Package, Spanned};

pub struct Decoder<'a> {
    pub ev: &'a Evaluator,
    pub diags: &'a mut Diagnostics,
    /// Strings already reported as secrets: a value in `defaults` is read once
    /// per container, and reported once.
    secret_spans: std::collections::HashSet<Span>,
    /// Bytes of strings decoded so far, against [`MAX_DECODED_BYTES`].
    decoded_bytes: usize,
}

/// The most string bytes the model may read from a spec: 16 MiB. Everything
/// rendered is made of them (each appears in a few files at most), so this
/// bounds the generated tree too; a 100,000-package image is about 2 MB.
pub const MAX_DECODED_BYTES: usize = 16 << 20;

/// "a string", "an integer": the noun of a value's type for messages.
fn type_noun(v: &Value) -> String {
    match &v.kind {
        ValueKind::Ref(r) => format!("the reference `{r}`"),
        ValueKind::Int(_) => "an integer".into(),
        ValueKind::Attrs(_) => "an attribute set".into(),
        ValueKind::Function(_) => "a function".into(),
        ValueKind::Null => "null".into(),
        k => format!("a {}", k.type_name()),
    }
}

impl<'a> Decoder<'a> {
    pub fn new(ev: &'a Evaluator, diags: &'a mut Diagnostics) -> Self {
        Decoder {
            ev,
            diags,
            secret_spans: std::collections::HashSet::new(),
            decoded_bytes: 0,
        }
    }

    /// Counts a string the model is about to copy; `false` (reported once)
    /// when the spec's strings together pass [`MAX_DECODED_BYTES`].
    pub fn within_budget(&mut self, len: usize, span: Span) -> bool {
        let was_over = self.decoded_bytes > MAX_DECODED_BYTES;
        self.decoded_bytes = self.decoded_bytes.saturating_add(len);
        if self.decoded_bytes <= MAX_DECODED_BYTES {
            return true;
        }
        if !was_over {
            self.report(
                Diagnostic::error(
                    "spec::too-large",
                    format!(
                        "the spec's strings pass devbox-gen's limit of {MAX_DECODED_BYTES} bytes"
                    ),
                )
                .with_label(span, "the limit is passed here")
                .with_help(
                    "the generated tree is made of these strings; split the spec or shorten them",
                ),
            );
        }
        false
    }

    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn eval_failed(&mut self, e: EvalError) {
        self.diags.extend(e.diagnostics);
    }

    /// A value with the module system's properties resolved as a value (not
    /// as a definition among others): `mkIf true v`, `mkDefault v` and
    /// `mkBefore v` are `v`; `mkIf false v` is unset; `mkMerge` of sets merges
    /// them. users.nix goes through `modules`, which also weighs priorities.
    pub fn force(&mut self, t: &Thunk) -> Option<Value> {
        let mut v = match self.ev.force(t) {
            Ok(v) => v,
            Err(e) => {
                self.eval_failed(e);
                return None;
            }
        };
        // Bounded like any nesting: each step peels one property a file wrote.
        for _ in 0..MAX_PROPERTY_DEPTH {
            let next = match modules::property(self.ev, &v) {
                None => return Some(v),
                Some(Property::If { condition, content }) => {
                    let c = self
                        .ev
                        .force(&condition)
                        .map_err(|e| self.eval_failed(e))
                        .ok()?;
                    match c.kind {
                        ValueKind::Bool(true) => content,
                        ValueKind::Bool(false) => {
                            return Some(Value {
                                kind: ValueKind::Unset,
                                span: v.span,
                            });
                        }
                        _ => {
                            self.type_error(&c, "a boolean", "the condition of `lib.mkIf`");
                            return None;
                        }
                    }
                }
                Some(Property::Override { content, .. } | Property::Order { content }) => content,
                Some(Property::Merge { contents }) => return self.merge_sets(&contents, v.span),
            };
            v = match self.ev.force(&next) {
                Ok(v) => v,
                Err(e) => {
                    self.eval_failed(e);
                    return None;
                }
            };
        }
        self.type_error(&v, "a value", "a property nested too deep");
        None
    }

    /// `lib.mkMerge [ a b ]` of attribute sets: one set; a name in several
    /// becomes a `mkMerge` of its values, resolved when it is read.
    fn merge_sets(&mut self, contents: &Thunk, span: Span) -> Option<Value> {
        let list = self
            .ev
            .force(contents)
            .map_err(|e| self.eval_failed(e))
            .ok()?;
        let ValueKind::List(items) = &list.kind else {
            self.type_error(&list, "a list", "the argument of `lib.mkMerge`");
            return None;
        };
        let mut by_name: BTreeMap<Rc<str>, Vec<(Thunk, Span)>> = BTreeMap::new();
        for t in items.iter() {
            let v = self.force(t)?;
            match &v.kind {
                ValueKind::Unset => {}
                ValueKind::Attrs(a) => {
                    for (k, e) in a.iter() {
                        by_name
                            .entry(Rc::clone(k))
                            .or_default()
                            .push((e.value.clone(), e.key_span));
                    }
                }
                _ => {
                    self.type_error(&v, "an attribute set", "an element of `lib.mkMerge`");
                    return None;
                }
            }
        }
        let attrs: Attrs = by_name
            .into_iter()
            .map(|(k, defs)| {
                let key_span = defs[0].1;
                let value = if defs.len() == 1 {
                    defs[0].0.clone()
                } else {
                    let list = Value {
                        kind: ValueKind::List(defs.into_iter().map(|(t, _)| t).collect()),
                        span,
                    };
                    Thunk::ready(merge_property(list, span))
                };
                (k, AttrEntry { value, key_span })
            })
            .collect();
        Some(Value {
            kind: ValueKind::Attrs(Rc::new(attrs)),
            span,
        })
    }

    pub fn type_error(&mut self, v: &Value, expected: &str, field: impl Display) {
        let found = type_noun(v);
        let mut d = Diagnostic::error(
            "spec::type-mismatch",
            format!("`{field}` must be {expected}, found {found}"),
        )
        .with_label(v.span, format!("expected {expected}"));
        if let ValueKind::Ref(r) = &v.kind {
            d = d.with_help(format!(
                "`{r}` is an opaque reference: devbox-gen does not evaluate nixpkgs, so this field needs a literal value"
            ));
        }
        self.report(d);
    }

    /// Every string the model reads passes here (the string helpers below call
    /// it, and the few places that read attribute names or free-form data):
    /// secret material is an error naming the field. The value is kept, so the
    /// other rules still see it.
    pub fn secret_check(&mut self, s: &str, span: Span, field: impl Display) {
        if let Some(secret) = crate::secrets::looks_like_secret(s)
            && self.secret_spans.insert(span)
        {
            self.report(
                Diagnostic::error(
                    "spec::secret-in-spec",
                    format!("`{field}` looks like {}", secret.what),
                )
                .with_label(span, "secret material in the spec")
                .with_help(format!(
                    "the spec, the generated tree and the Nix store are world-readable; {}",
                    secret.belongs
                )),
            );
        }
    }

    /// An attribute name the model reads (of a user, image, container, host,
    /// variable, binding): checked like a string, reported without repeating it.
    pub fn name_check(&mut self, name: &str, span: Span, parent: impl Display) {
        self.secret_check(name, span, format_args!("{parent}.<name>"));
    }

    pub fn attrs(&mut self, v: &Value, field: impl Display) -> Option<Rc<Attrs>> {
        match &v.kind {
            ValueKind::Attrs(a) => Some(Rc::clone(a)),
            _ => {
                self.type_error(v, "an attribute set", field);
                None
            }
        }
    }

    pub fn string(&mut self, v: &Value, field: impl Display) -> Option<Spanned<String>> {
        match &v.kind {
            ValueKind::Str(s) => {
                if !self.within_budget(s.len(), v.span) {
                    return None;
                }
                self.secret_check(s, v.span, field);
                Some(Spanned::new(s.to_string(), v.span))
            }
            _ => {
                self.type_error(v, "a string", field);
                None
            }
        }
    }

    pub fn bool(&mut self, v: &Value, field: impl Display) -> Option<bool> {
        match &v.kind {
            ValueKind::Bool(b) => Some(*b),
            _ => {
                self.type_error(v, "a boolean", field);
                None
            }
        }
    }

    pub fn int(&mut self, v: &Value, field: impl Display) -> Option<Spanned<i64>> {
        match &v.kind {
            ValueKind::Int(i) => Some(Spanned::new(*i, v.span)),
            _ => {
                self.type_error(v, "an integer", field);
                None
            }
        }
    }

    pub fn number(&mut self, v: &Value, field: impl Display) -> Option<Spanned<Number>> {
        match &v.kind {
            ValueKind::Int(i) => Some(Spanned::new(Number::Int(*i), v.span)),
            ValueKind::Float(f) if !f.is_finite() => {
                self.non_finite(*f, v.span, field);
                None
            }
            ValueKind::Float(f) => Some(Spanned::new(Number::Float(*f), v.span)),
            _ => {
                self.type_error(v, "a number", field);
                None
            }
        }
    }

    /// Infinity or NaN (`1.0e308 * 10`): no target format writes it (Nix
    /// has no literal for it, systemd no quota).
    pub fn non_finite(&mut self, f: f64, span: Span, field: impl Display) {
        self.report(
            Diagnostic::error(
                "spec::non-finite",
                format!("`{field}` is {f}, not a finite number"),
            )
            .with_label(span, "evaluates to a non-finite float")
            .with_help("Nix has no literal for infinity or NaN; write a finite number"),
        );
    }

    /// A string, or `null` for "none".
    pub fn nullable_string(
        &mut self,
        v: &Value,
        field: impl Display,
    ) -> Option<Option<Spanned<String>>> {
        match &v.kind {
            ValueKind::Null => Some(None),
            ValueKind::Str(s) => {
                if !self.within_budget(s.len(), v.span) {
                    return None;
                }
                self.secret_check(s, v.span, field);
                Some(Some(Spanned::new(s.to_string(), v.span)))
            }
            _ => {
                self.type_error(v, "a string or null", field);
                None
            }
        }
    }

    /// A package: `"ripgrep"` or `pkgs.ripgrep` mean the same.
    pub fn package(&mut self, v: &Value, field: impl Display) -> Option<Spanned<Package>> {
        match &v.kind {
            ValueKind::Str(s) => {
                if !self.within_budget(s.len(), v.span) {
                    return None;
                }
                self.secret_check(s, v.span, field);
                Some(Spanned::new(Package(s.to_string()), v.span))
            }
            ValueKind::Ref(r) if &*r.root == "pkgs" && !r.path.is_empty() => {
                let path = r.attr_path();
                if !self.within_budget(path.len(), v.span) {
                    return None;
                }
                self.secret_check(&path, v.span, &field);
                Some(Spanned::new(Package(path), v.span))
            }
            _ => {
                self.type_error(v, "a package name or a `pkgs.` reference", field);
                None
            }
        }
    }

    /// Forces a list and decodes each element with `item`; bad elements are
    /// reported and skipped. An element's name (`field[i]`) is only written out
    /// when a message needs it.
    pub fn list<T>(
        &mut self,
        v: &Value,
        field: impl Display,
        mut item: impl FnMut(&mut Self, &Value, &dyn Display) -> Option<T>,
    ) -> Option<Vec<T>> {
        let ValueKind::List(items) = &v.kind else {
            self.type_error(v, "a list", field);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, t) in items.iter().enumerate() {
            let elem_field = format_args!("{field}[{i}]");
            if let Some(x) = self.force(t).and_then(|ev| item(self, &ev, &elem_field)) {
                out.push(x);
            }
        }
        Some(out)
    }

    /// Reports every attribute of `attrs` that is not in `known`, with a guess.
    pub fn reject_unknown(&mut self, attrs: &Attrs, known: &[&str], field: impl Display) {
        for (k, entry) in attrs.iter() {
            if known.contains(&k.as_ref()) {
                continue;
            }
            let mut d = Diagnostic::error(
                "spec::unknown-field",
                format!("unknown field `{k}` in `{field}`"),
            )
            .with_label(entry.key_span, "not a field devbox-gen knows");
            d = d.with_help(guess_or(
                k,
                known.iter().copied(),
                format!("known fields: {}", known.join(", ")),
            ));
            self.report(d);
        }
    }
}

/// `{ _type = "merge"; contents = LIST; }`, as `lib.mkMerge` builds it.
fn merge_property(contents: Value, span: Span) -> Value {
    let entry = |v: Value| AttrEntry {
        value: Thunk::ready(v),
        key_span: span,
    };
    let kind = Value {
        kind: ValueKind::Str(Rc::from("merge")),
        span,
    };
    let attrs: Attrs = [
        (Rc::from("_type"), entry(kind)),
        (Rc::from("contents"), entry(contents)),
    ]
    .into_iter()
    .collect();
    Value {
        kind: ValueKind::Attrs(Rc::new(attrs)),
        span,
    }
}

/// `parent.name`, or `name` at the top level: a field's name for messages.
#[derive(Clone, Copy)]
pub struct FieldPath<'a> {
    parent: &'a str,
    name: &'a str,
}

impl Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.parent.is_empty() {
            f.write_str(self.parent)?;
            f.write_str(".")?;
        }
        f.write_str(self.name)
    }
}

/// The fields of one entity, looked up through layers: a container's own
/// attributes first, then `defaults`. Nested attribute sets merge layer by layer;
/// a scalar or list in an earlier layer replaces the later ones.
#[derive(Clone)]
pub struct Fields {
    layers: Vec<Rc<Attrs>>,
    /// Dotted name for messages (`containers.coal.resources`).
    pub path: String,
    /// Where the entity is written, for problems with defaulted fields.
    pub span: Span,
}

impl Fields {
    pub fn new(layers: Vec<Rc<Attrs>>, path: String, span: Span) -> Self {
        Fields { layers, path, span }
    }

    pub fn field_path(&self, name: &str) -> String {
        self.field(name).to_string()
    }

    /// `field_path(name)`, written out only when a message needs it.
    pub fn field<'b>(&'b self, name: &'b str) -> FieldPath<'b> {
        FieldPath {
            parent: &self.path,
            name,
        }
    }

    /// The value of `name` from the first layer that sets it (`lib.mkIf false`
    /// leaves it unset), or `None` when no layer does or it failed to evaluate.
    pub fn get(&self, d: &mut Decoder, name: &str) -> Option<Value> {
        for layer in &self.layers {
            let Some(entry) = layer.get(name) else {
                continue;
            };
            let v = d.force(&entry.value)?;
            if matches!(v.kind, ValueKind::Unset) {
                continue;
            }
            return Some(v);
        }
        None
    }

    /// Whether any layer writes `name` (even if its value failed to evaluate):
    /// a field that is present but broken is not also "missing".
    pub fn has(&self, name: &str) -> bool {
        self.layers.iter().any(|l| l.contains_key(name))
    }

    /// Names written in any layer (for "did you mean" against a missing field).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.layers.iter().flat_map(|l| l.keys().map(AsRef::as_ref))
    }

    /// The nested entity `name`, merged across layers.
    pub fn sub(&self, d: &mut Decoder, name: &str) -> Fields {
        let path = self.field_path(name);
        let mut layers = Vec::new();
        let mut span = self.span;
        for layer in &self.layers {
            let Some(entry) = layer.get(name) else {
                continue;
            };
            let Some(v) = d.force(&entry.value) else {
                continue;
            };
            if matches!(v.kind, ValueKind::Unset) {
                continue;
            }
            if layers.is_empty() {
                span = entry.key_span;
            }
            if let Some(a) = d.attrs(&v, &path) {
                layers.push(a);
            }
        }
        Fields { layers, path, span }
    }

    /// Every attribute set layer (for unknown-field checks of nested entities).
    pub fn layers(&self) -> &[Rc<Attrs>] {
        &self.layers
    }

    pub fn string_or(&self, d: &mut Decoder, name: &str, default: &str) -> Option<Spanned<String>> {
        match self.get(d, name) {
            Some(v) => d.string(&v, self.field(name)),
            None => Some(Spanned::new(default.to_owned(), self.span)),
        }
    }

    pub fn bool_or(&self, d: &mut Decoder, name: &str, default: bool) -> bool {
        match self.get(d, name) {
            Some(v) => d.bool(&v, self.field(name)).unwrap_or(default),
            None => default,
        }
    }

    pub fn int_or(&self, d: &mut Decoder, name: &str, default: i64) -> Option<Spanned<i64>> {
        match self.get(d, name) {
            Some(v) => d.int(&v, self.field(name)),
            None => Some(Spanned::new(default, self.span)),
        }
    }

    pub fn list_or_empty<T>(
        &self,
        d: &mut Decoder,
        name: &str,
        item: impl FnMut(&mut Decoder, &Value, &dyn Display) -> Option<T>,
    ) -> Vec<T> {
        match self.get(d, name) {
            Some(v) => d.list(&v, self.field(name), item).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    pub fn string_attrs_or_empty(
        &self,
        d: &mut Decoder,
        name: &str,
    ) -> BTreeMap<String, Spanned<String>> {
        // Attribute sets merge across layers: later layers first, earlier ones win.
        let sub = self.sub(d, name);
        let mut out = BTreeMap::new();
        for layer in sub.layers.iter().rev() {
            for (k, entry) in layer.iter() {
                d.name_check(k, entry.key_span, &sub.path);
                let Some(v) = d.force(&entry.value) else {
                    continue;
                };
                if matches!(v.kind, ValueKind::Unset) {
                    continue;
                }
                if let Some(s) = d.string(&v, format_args!("{}.{k}", sub.path)) {
                    out.insert(k.to_string(), s);
                }
            }
        }
        out
    }
}
