//! Construction of evaluation diagnostics, so that wording stays uniform:
//! lowercase, "expected X, found Y", a label at the place of use.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::source::Span;

use super::EvalError;
use super::value::{Value, ValueKind};

const SUBSET_HELP: &str = "devbox-gen evaluates a static subset of Nix without nixpkgs or a store; see the \"Nix subset\" section of the spec format";

/// "an int", "a set", "the opaque reference `pkgs.git`".
pub fn describe(v: &Value) -> String {
    match &v.kind {
        ValueKind::Null => "null".into(),
        ValueKind::Bool(b) => format!("a bool ({b})"),
        ValueKind::Int(_) => "an int".into(),
        ValueKind::Float(_) => "a float".into(),
        ValueKind::Str(_) => "a string".into(),
        ValueKind::Path(_) => "a path".into(),
        ValueKind::List(_) => "a list".into(),
        ValueKind::Attrs(_) => "a set".into(),
        ValueKind::Function(_) => "a function".into(),
        ValueKind::Ref(r) => format!("the opaque reference `{r}`"),
        ValueKind::Unset => "a value left unset by `lib.mkIf false`".into(),
    }
}

/// A value of the wrong type at `at`. An opaque reference is its own kind of
/// error: it is not wrong Nix, only outside what we can know statically.
pub fn expected(what: &str, found: &Value, at: Span) -> EvalError {
    if let ValueKind::Ref(r) = &found.kind {
        return reference(r, what, at);
    }
    let mut d = Diagnostic::error(
        "eval::type-mismatch",
        format!("expected {what}, found {}", describe(found)),
    )
    .with_label(at, format!("expected {what}"));
    if found.span != at && !found.span.is_empty() {
        d = d.with_label(found.span, format!("{} comes from here", describe(found)));
    }
    d.into()
}

pub fn reference(r: &super::SymbolicRef, what: &str, at: Span) -> EvalError {
    Diagnostic::error(
        "eval::reference",
        format!("expected {what}, found the opaque reference `{r}`"),
    )
    .with_label(at, format!("`{r}` has no value devbox-gen can know"))
    .with_help(format!(
        "`{}` is a function argument that devbox-gen does not evaluate; a reference can only be used as a package name, not as a concrete value",
        r.root
    ))
    .into()
}

pub fn unsupported(construct: &str, at: Span) -> EvalError {
    Diagnostic::error(
        "eval::unsupported",
        format!("{construct} is outside devbox-gen's static subset of Nix"),
    )
    .with_label(at, "not supported here")
    .with_help(SUBSET_HELP)
    .into()
}

pub fn error(
    code: &'static str,
    message: impl Into<String>,
    at: Span,
    label: impl Into<String>,
) -> EvalError {
    Diagnostic::error(code, message)
        .with_label(at, label)
        .into()
}

pub fn undefined_variable<'a>(
    name: &str,
    at: Span,
    candidates: impl Iterator<Item = &'a str>,
) -> EvalError {
    let mut d = Diagnostic::error(
        "eval::undefined-variable",
        format!("undefined variable `{name}`"),
    )
    .with_label(at, "not bound here");
    if let Some(s) = did_you_mean(name, candidates) {
        d = d.with_help(format!("did you mean `{s}`?"));
    }
    d.into()
}

pub fn missing_attribute<'a>(
    name: &str,
    at: Span,
    set_span: Span,
    candidates: impl Iterator<Item = &'a str>,
) -> EvalError {
    let mut d = Diagnostic::error(
        "eval::missing-attribute",
        format!("attribute `{name}` missing"),
    )
    .with_label(at, format!("no attribute `{name}` in this set"));
    if set_span != at && !set_span.is_empty() {
        d = d.with_label(set_span, "the set is defined here");
    }
    if let Some(s) = did_you_mean(name, candidates) {
        d = d.with_help(format!("did you mean `{s}`?"));
    }
    d.into()
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["description", "shell", "sshKeys"];
        assert_eq!(did_you_mean("descripton", names), Some("description"));
        assert_eq!(did_you_mean("shel", names), Some("shell"));
        assert_eq!(did_you_mean("zzz", names), None);
    }
}
