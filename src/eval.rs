//! Lazy evaluator for the static Nix subset of SPEC-FORMAT.md.
//! (Interface fixed; implementation in progress.)

pub mod function;
pub mod thunk;
pub mod value;

use std::rc::Rc;

use camino::{Utf8Path, Utf8PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::SourceMap;

pub use thunk::Thunk;
pub use value::{AttrEntry, Attrs, SymbolicRef, Value, ValueKind};

/// Why a value could not be produced. Usually one diagnostic; all the syntax errors
/// of a file when an imported file does not parse.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostic> for EvalError {
    fn from(d: Diagnostic) -> Self {
        EvalError {
            diagnostics: vec![d],
        }
    }
}

pub struct Evaluator {
    sources: Rc<SourceMap>,
    root_dir: Utf8PathBuf,
}

impl Evaluator {
    pub fn new(sources: Rc<SourceMap>, root_dir: Utf8PathBuf) -> Self {
        Evaluator { sources, root_dir }
    }

    pub fn sources(&self) -> &Rc<SourceMap> {
        &self.sources
    }

    pub fn root_dir(&self) -> &Utf8Path {
        &self.root_dir
    }

    pub fn eval_file(&self, _path: &Utf8Path) -> Result<Value, EvalError> {
        unimplemented!("evaluator")
    }

    pub fn eval_spec_file(&self, _path: &Utf8Path) -> Result<Value, EvalError> {
        unimplemented!("evaluator")
    }

    pub fn force(&self, _thunk: &Thunk) -> Result<Value, EvalError> {
        unimplemented!("evaluator")
    }

    pub fn to_json(&self, _value: &Value) -> Result<serde_json::Value, EvalError> {
        unimplemented!("evaluator")
    }
}
