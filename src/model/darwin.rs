//! darwin.nix: the Macs. Each host names its user (who must exist in
//! users.nix), its nix-darwin settings, free-form `system.defaults`, and an
//! AeroSpace block. Unknown fields are errors with a guess; `defaults` is free-form.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::eval::{Value, ValueKind};
use crate::source::Span;

use super::decode::{Decoder, Fields};
use super::{Package, Spanned};

const TOP_FIELDS: &[&str] = &["hosts"];
const HOST_FIELDS: &[&str] = &[
    "system",
    "user",
    "hostName",
    "stateVersion",
    "homeStateVersion",
    "packages",
    "casks",
    "defaults",
    "aerospace",
];
const AEROSPACE_FIELDS: &[&str] = &[
    "enable",
    "startAtLogin",
    "gaps",
    "workspaces",
    "modifier",
    "bindings",
    "onWindowDetected",
];
const GAPS_FIELDS: &[&str] = &["inner", "outer"];
const GAPS_INNER_FIELDS: &[&str] = &["horizontal", "vertical"];
const GAPS_OUTER_FIELDS: &[&str] = &["left", "right", "top", "bottom"];
const WINDOW_RULE_FIELDS: &[&str] = &["appId", "run"];

pub const DEFAULT_SYSTEM: &str = "aarch64-darwin";
pub const DEFAULT_STATE_VERSION: i64 = 6;
/// home-manager's `home.stateVersion` (a string, unlike nix-darwin's).
pub const DEFAULT_HOME_STATE_VERSION: &str = "25.05";
pub const DEFAULT_GAP: i64 = 10;
pub const DEFAULT_MODIFIER: &str = "alt";

#[derive(Debug, Clone, Serialize)]
pub struct Darwin {
    pub hosts: BTreeMap<String, DarwinHost>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DarwinHost {
    pub aerospace: Aerospace,
    pub casks: Vec<Spanned<String>>,
    /// `system.defaults`, exactly as written (minus `lib.mkIf false` fields).
    pub defaults: BTreeMap<String, Data>,
    pub home_state_version: Spanned<String>,
    pub host_name: Spanned<String>,
    pub name: Spanned<String>,
    pub packages: Vec<Spanned<Package>>,
    pub state_version: Spanned<i64>,
    pub system: Spanned<String>,
    pub user: Spanned<String>,
    /// Where each top-level name of `defaults` is written.
    #[serde(skip)]
    pub defaults_spans: BTreeMap<String, Span>,
}

/// A string as written in darwin.nix, with where its characters are: when the
/// source text between the quotes is the value itself (no escapes), problems
/// inside it can point at the offending word instead of the whole string.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Text {
    pub value: String,
    #[serde(skip)]
    pub span: Span,
    /// Byte offset in the file of the value's first character, when known.
    #[serde(skip)]
    pub inner: Option<u32>,
}

impl Text {
    /// The span of `range` (byte offsets in `value`), or of the whole string
    /// when the literal's characters are not the value's.
    pub fn sub_span(&self, range: std::ops::Range<usize>) -> Span {
        match (
            self.inner,
            u32::try_from(range.start),
            u32::try_from(range.end),
        ) {
            (Some(at), Ok(s), Ok(e)) if range.end <= self.value.len() => Span {
                file: self.span.file,
                start: at + s,
                end: at + e,
            },
            _ => self.span,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Aerospace {
    /// In the order of their (sorted) keys.
    pub bindings: Vec<Binding>,
    pub enable: bool,
    pub gaps: Gaps,
    pub modifier: Spanned<String>,
    pub on_window_detected: Vec<WindowRule>,
    pub start_at_login: bool,
    pub workspaces: Vec<Spanned<String>>,
}

/// Each side in pixels; AeroSpace takes integers only.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gaps {
    pub inner_horizontal: Spanned<i64>,
    pub inner_vertical: Spanned<i64>,
    pub outer_bottom: Spanned<i64>,
    pub outer_left: Spanned<i64>,
    pub outer_right: Spanned<i64>,
    pub outer_top: Spanned<i64>,
}

impl Gaps {
    pub fn all(&self) -> [(&'static str, &Spanned<i64>); 6] {
        [
            ("inner.horizontal", &self.inner_horizontal),
            ("inner.vertical", &self.inner_vertical),
            ("outer.left", &self.outer_left),
            ("outer.right", &self.outer_right),
            ("outer.top", &self.outer_top),
            ("outer.bottom", &self.outer_bottom),
        ]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Binding {
    /// One AeroSpace command per element (a string in the spec is one element).
    pub commands: Vec<Text>,
    pub key: Text,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowRule {
    pub app_id: Spanned<String>,
    pub run: Vec<Text>,
    /// The list element, for problems with the rule as a whole.
    #[serde(skip)]
    pub span: Span,
}

/// A free-form value (`defaults`): what Nix would write to JSON, keeping the
/// int/float distinction nix-darwin's option types care about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Data {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Data>),
    Attrs(BTreeMap<String, Data>),
}

pub fn decode_darwin_file(d: &mut Decoder, root: &Value) -> Option<Darwin> {
    let top_attrs = d.attrs(root, "darwin.nix")?;
    d.reject_unknown(&top_attrs, TOP_FIELDS, "darwin.nix");
    let mut hosts = BTreeMap::new();
    let Some(entry) = top_attrs.get("hosts") else {
        return Some(Darwin { hosts });
    };
    let Some(v) = d.force(&entry.value) else {
        return Some(Darwin { hosts });
    };
    if matches!(v.kind, ValueKind::Unset) {
        return Some(Darwin { hosts });
    }
    let Some(attrs) = d.attrs(&v, "hosts") else {
        return Some(Darwin { hosts });
    };
    for (name, entry) in attrs.iter() {
        d.name_check(name, entry.key_span, "hosts");
        let path = format!("hosts.{name}");
        let Some(v) = d.force(&entry.value) else {
            continue;
        };
        if matches!(v.kind, ValueKind::Unset) {
            continue;
        }
        let Some(a) = d.attrs(&v, &path) else {
            continue;
        };
        d.reject_unknown(&a, HOST_FIELDS, &path);
        let fields = Fields::new(vec![a], path, entry.key_span);
        let name = Spanned::new(name.to_string(), entry.key_span);
        if let Some(host) = decode_host(d, &fields, name) {
            hosts.insert(host.name.value.clone(), host);
        }
    }
    Some(Darwin { hosts })
}

fn decode_host(d: &mut Decoder, f: &Fields, name: Spanned<String>) -> Option<DarwinHost> {
    let user = match f.get(d, "user") {
        Some(v) => d.string(&v, f.field("user")),
        // Present but broken, or misspelt: already reported.
        None if f.has("user") || misspelt(f, "user") => None,
        None => {
            d.report(
                Diagnostic::error(
                    "spec::missing-field",
                    format!("host `{}` has no `user`", name.value),
                )
                .with_label(name.span, "this Mac needs a user")
                .with_help("set `user = \"<name>\";` to a user of users.nix"),
            );
            None
        }
    };
    let mut defaults_spans = BTreeMap::new();
    let defaults = match f.get(d, "defaults") {
        Some(v) => match data(d, &v, &f.field_path("defaults"), 0) {
            Some(Data::Attrs(a)) => a,
            Some(_) => {
                d.type_error(&v, "an attribute set", f.field("defaults"));
                BTreeMap::new()
            }
            None => BTreeMap::new(),
        },
        None => BTreeMap::new(),
    };
    if let Some(v) = f.get(d, "defaults")
        && let ValueKind::Attrs(a) = &v.kind
    {
        for (k, e) in a.iter() {
            defaults_spans.insert(k.to_string(), e.key_span);
        }
    }
    let aerospace = decode_aerospace(d, f);
    Some(DarwinHost {
        system: f
            .string_or(d, "system", DEFAULT_SYSTEM)
            .unwrap_or_else(|| Spanned::new(DEFAULT_SYSTEM.into(), f.span)),
        host_name: f
            .string_or(d, "hostName", &name.value)
            .unwrap_or_else(|| name.clone()),
        state_version: f
            .int_or(d, "stateVersion", DEFAULT_STATE_VERSION)
            .unwrap_or_else(|| Spanned::new(DEFAULT_STATE_VERSION, f.span)),
        home_state_version: f
            .string_or(d, "homeStateVersion", DEFAULT_HOME_STATE_VERSION)
            .unwrap_or_else(|| Spanned::new(DEFAULT_HOME_STATE_VERSION.into(), f.span)),
        packages: f.list_or_empty(d, "packages", |d, v, field| d.package(v, field)),
        casks: f.list_or_empty(d, "casks", |d, v, field| d.string(v, field)),
        defaults,
        defaults_spans,
        aerospace,
        user: user?,
        name,
    })
}

fn decode_aerospace(d: &mut Decoder, host: &Fields) -> Aerospace {
    let f = host.sub(d, "aerospace");
    for layer in f.layers() {
        d.reject_unknown(layer, AEROSPACE_FIELDS, &f.path);
    }
    let workspaces = match f.get(d, "workspaces") {
        Some(v) => d
            .list(&v, f.field("workspaces"), |d, v, field| d.string(v, field))
            .unwrap_or_default(),
        None => (1..=9)
            .map(|i| Spanned::new(i.to_string(), f.span))
            .collect(),
    };
    let bindings = match f.get(d, "bindings") {
        Some(v) => decode_bindings(d, &v, &f.field_path("bindings")),
        None => Vec::new(),
    };
    Aerospace {
        enable: f.bool_or(d, "enable", true),
        start_at_login: f.bool_or(d, "startAtLogin", true),
        gaps: decode_gaps(d, &f),
        workspaces,
        modifier: f
            .string_or(d, "modifier", DEFAULT_MODIFIER)
            .unwrap_or_else(|| Spanned::new(DEFAULT_MODIFIER.into(), f.span)),
        bindings,
        on_window_detected: f.list_or_empty(d, "onWindowDetected", |d, v, field| {
            decode_window_rule(d, v, &field.to_string())
        }),
    }
}

/// `gaps = 10;`, `gaps = { inner = 8; outer = 4; };` or the full form
/// `{ inner.horizontal = 8; outer.left = 4; … }`; a side not written keeps the
/// default.
fn decode_gaps(d: &mut Decoder, aerospace: &Fields) -> Gaps {
    let default = |span| Spanned::new(DEFAULT_GAP, span);
    let span = aerospace.span;
    let mut inner = [default(span), default(span)];
    let mut outer = [default(span), default(span), default(span), default(span)];
    let path = aerospace.field_path("gaps");
    if let Some(v) = aerospace.get(d, "gaps") {
        match &v.kind {
            ValueKind::Int(i) => {
                for g in inner.iter_mut().chain(outer.iter_mut()) {
                    *g = Spanned::new(*i, v.span);
                }
            }
            ValueKind::Attrs(a) => {
                d.reject_unknown(a, GAPS_FIELDS, &path);
                let a = a.clone();
                gap_side(d, &a, "inner", GAPS_INNER_FIELDS, &path, &mut inner);
                gap_side(d, &a, "outer", GAPS_OUTER_FIELDS, &path, &mut outer);
            }
            _ => d.type_error(
                &v,
                "an integer or `{ inner; outer; }`",
                aerospace.field("gaps"),
            ),
        }
    }
    let [inner_horizontal, inner_vertical] = inner;
    let [outer_left, outer_right, outer_top, outer_bottom] = outer;
    Gaps {
        inner_horizontal,
        inner_vertical,
        outer_left,
        outer_right,
        outer_top,
        outer_bottom,
    }
}

fn gap_side(
    d: &mut Decoder,
    gaps: &crate::eval::Attrs,
    side: &str,
    names: &[&str],
    path: &str,
    out: &mut [Spanned<i64>],
) {
    let Some(entry) = gaps.get(side) else {
        return;
    };
    let path = format!("{path}.{side}");
    let Some(v) = d.force(&entry.value) else {
        return;
    };
    match &v.kind {
        ValueKind::Unset => {}
        ValueKind::Int(i) => {
            for g in out.iter_mut() {
                *g = Spanned::new(*i, v.span);
            }
        }
        ValueKind::Attrs(a) => {
            d.reject_unknown(a, names, &path);
            for (name, slot) in names.iter().zip(out.iter_mut()) {
                let Some(e) = a.get(*name) else {
                    continue;
                };
                let Some(v) = d.force(&e.value) else {
                    continue;
                };
                if matches!(v.kind, ValueKind::Unset) {
                    continue;
                }
                if let Some(i) = d.int(&v, format_args!("{path}.{name}")) {
                    *slot = i;
                }
            }
        }
        _ => {
            let expected = format!("an integer or `{{ {}; }}`", names.join("; "));
            d.type_error(&v, &expected, &path);
        }
    }
}

/// Whether a written name is a typo of `name` (reported as an unknown field,
/// so not also as a missing one).
fn misspelt(f: &Fields, name: &str) -> bool {
    f.names()
        .any(|n| n != name && super::did_you_mean(n, [name]).is_some())
}

/// The characters of a string literal: where the value starts in the file, when
/// the source between the quotes (or the bare attribute name) is the value.
fn text(d: &Decoder, value: &str, span: Span) -> Text {
    let file = d.ev.sources().get(span.file);
    let src = file
        .text
        .get(span.start as usize..span.end as usize)
        .unwrap_or_default();
    let inner = if src == value {
        Some(span.start)
    } else if src.len() == value.len() + 2
        && src.starts_with('"')
        && src.ends_with('"')
        && src.get(1..src.len() - 1) == Some(value)
    {
        Some(span.start + 1)
    } else {
        None
    };
    Text {
        value: value.to_owned(),
        span,
        inner,
    }
}

fn text_value(d: &mut Decoder, v: &Value, field: &dyn std::fmt::Display) -> Option<Text> {
    let s = d.string(v, field)?;
    Some(text(d, &s.value, s.span))
}

/// A command value: one string, or a list of strings (one command each).
fn commands(d: &mut Decoder, v: &Value, field: &str) -> Option<Vec<Text>> {
    match &v.kind {
        ValueKind::Str(_) => text_value(d, v, &field).map(|t| vec![t]),
        ValueKind::List(_) => d.list(v, field, text_value),
        _ => {
            d.type_error(v, "a command string or a list of them", field);
            None
        }
    }
}

fn decode_bindings(d: &mut Decoder, v: &Value, field: &str) -> Vec<Binding> {
    let Some(attrs) = d.attrs(v, field) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in attrs.iter() {
        d.name_check(key, entry.key_span, field);
        let f = format!("{field}.{key}");
        let Some(v) = d.force(&entry.value) else {
            continue;
        };
        if matches!(v.kind, ValueKind::Unset) {
            continue;
        }
        if let Some(cmds) = commands(d, &v, &f) {
            out.push(Binding {
                key: text(d, key, entry.key_span),
                commands: cmds,
            });
        }
    }
    out
}

fn decode_window_rule(d: &mut Decoder, v: &Value, field: &str) -> Option<WindowRule> {
    let a = d.attrs(v, field)?;
    d.reject_unknown(&a, WINDOW_RULE_FIELDS, field);
    let f = Fields::new(vec![a], field.to_owned(), v.span);
    let missing = |d: &mut Decoder, name: &str| {
        d.report(
            Diagnostic::error("spec::missing-field", format!("`{field}` has no `{name}`"))
                .with_label(v.span, format!("this rule needs `{name}`"))
                .with_help(
                    "a rule is `{ appId = \"com.apple.Terminal\"; run = \"layout floating\"; }`",
                ),
        );
    };
    let app_id = match f.get(d, "appId") {
        Some(v) => d.string(&v, f.field("appId")),
        None => {
            if !f.has("appId") && !misspelt(&f, "appId") {
                missing(d, "appId");
            }
            None
        }
    };
    let run = match f.get(d, "run") {
        Some(v) => commands(d, &v, &f.field_path("run")),
        None => {
            if !f.has("run") && !misspelt(&f, "run") {
                missing(d, "run");
            }
            None
        }
    };
    Some(WindowRule {
        app_id: app_id?,
        run: run?,
        span: v.span,
    })
}

/// A free-form value, forced all the way down; `lib.mkIf false` fields are
/// dropped, functions, paths and references are errors. Values nested deeper
/// than the syntax may nest (built by recursion) are refused the same way:
/// rendering and nix-darwin recurse over them.
fn data(d: &mut Decoder, v: &Value, field: &str, depth: usize) -> Option<Data> {
    if depth > crate::syntax::MAX_NESTING {
        d.report(
            Diagnostic::error(
                "spec::too-deep",
                format!(
                    "`defaults` nested more than {} levels deep",
                    crate::syntax::MAX_NESTING
                ),
            )
            .with_label(v.span, "this value is nested too deep")
            .with_help("a value built by recursion is bounded like one written out: 1,000 levels"),
        );
        return None;
    }
    Some(match &v.kind {
        ValueKind::Null => Data::Null,
        ValueKind::Bool(b) => Data::Bool(*b),
        ValueKind::Int(i) => Data::Int(*i),
        ValueKind::Float(x) if !x.is_finite() => {
            d.non_finite(*x, v.span, field);
            return None;
        }
        ValueKind::Float(x) => Data::Float(*x),
        ValueKind::Str(s) => {
            if !d.within_budget(s.len(), v.span) {
                return None;
            }
            d.secret_check(s, v.span, field);
            Data::Str(s.to_string())
        }
        ValueKind::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, t) in items.iter().enumerate() {
                match d
                    .force(t)
                    .and_then(|ev| data(d, &ev, &format!("{field}[{i}]"), depth + 1))
                {
                    Some(x) => out.push(x),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            Data::List(out)
        }
        ValueKind::Attrs(a) => {
            let mut out = BTreeMap::new();
            let mut ok = true;
            for (k, entry) in a.iter() {
                d.name_check(k, entry.key_span, field);
                let Some(ev) = d.force(&entry.value) else {
                    ok = false;
                    continue;
                };
                if matches!(ev.kind, ValueKind::Unset) {
                    continue;
                }
                match data(d, &ev, &format!("{field}.{}", quoted_key(k)), depth + 1) {
                    Some(x) => {
                        out.insert(k.to_string(), x);
                    }
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            Data::Attrs(out)
        }
        ValueKind::Unset | ValueKind::Path(_) | ValueKind::Function(_) | ValueKind::Ref(_) => {
            d.type_error(
                v,
                "a plain value (string, number, bool, list or set)",
                field,
            );
            return None;
        }
    })
}

/// `a.b` in messages; names that are not identifiers are quoted, as in Nix.
fn quoted_key(k: &str) -> String {
    crate::syntax::names::attr_name(k)
}
