//! Values of the static Nix subset. Every value keeps the span where it was
//! written, through `let`, `inherit`, `import` and function calls.

use std::fmt;
use std::rc::Rc;

use camino::Utf8PathBuf;

use crate::source::Span;

use super::thunk::Thunk;

#[derive(Clone)]
pub struct Value {
    pub kind: ValueKind,
    /// Where the expression that produced this value was written.
    pub span: Span,
}

#[derive(Clone)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    /// An absolute, normalised path (Nix resolves `./x` against the file's directory).
    Path(Rc<Utf8PathBuf>),
    List(Rc<[Thunk]>),
    Attrs(Rc<Attrs>),
    Function(Rc<super::function::Function>),
    /// A selection from an opaque function argument: `pkgs.ripgrep`.
    Ref(Rc<SymbolicRef>),
    /// `lib.mkIf false v`: the field is left unset.
    Unset,
}

/// Attribute sets are sorted by byte order of their names, as Nix sorts them.
/// A sorted vector with binary search, as Nix keeps them: most sets hold a few
/// entries, for which a B-tree's 11-slot leaves waste most of their memory.
/// Build big sets from a collected iterator (one sort), not by unsorted inserts.
pub type Attrs = litemap::LiteMap<Rc<str>, AttrEntry>;

#[derive(Clone)]
pub struct AttrEntry {
    pub value: Thunk,
    /// The attribute name as written (for "unknown field" and duplicate reports).
    pub key_span: Span,
}

/// `pkgs.python3Packages.ipython` is root `pkgs`, path `["python3Packages", "ipython"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolicRef {
    pub root: Rc<str>,
    pub path: Vec<Rc<str>>,
}

impl fmt::Display for SymbolicRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.root)?;
        for p in &self.path {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

impl SymbolicRef {
    /// The attribute path below the root, dot-joined (`python3Packages.ipython`).
    pub fn attr_path(&self) -> String {
        self.path
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join(".")
    }
}

impl ValueKind {
    /// Nix's `builtins.typeOf` name, used in "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueKind::Null => "null",
            ValueKind::Bool(_) => "bool",
            ValueKind::Int(_) => "int",
            ValueKind::Float(_) => "float",
            ValueKind::Str(_) => "string",
            ValueKind::Path(_) => "path",
            ValueKind::List(_) => "list",
            ValueKind::Attrs(_) => "set",
            ValueKind::Function(_) => "lambda",
            ValueKind::Ref(_) => "reference",
            ValueKind::Unset => "unset (lib.mkIf false)",
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueKind::Null => f.write_str("null"),
            ValueKind::Bool(b) => write!(f, "{b}"),
            ValueKind::Int(i) => write!(f, "{i}"),
            ValueKind::Float(x) => write!(f, "{x}"),
            ValueKind::Str(s) => write!(f, "{s:?}"),
            ValueKind::Path(p) => write!(f, "{p}"),
            ValueKind::List(l) => write!(f, "[list of {}]", l.len()),
            ValueKind::Attrs(a) => write!(f, "{{set of {}}}", a.len()),
            ValueKind::Function(_) => f.write_str("<lambda>"),
            ValueKind::Ref(r) => write!(f, "{r}"),
            ValueKind::Unset => f.write_str("<unset>"),
        }
    }
}
