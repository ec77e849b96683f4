//! A delayed computation, forced at most once.

use std::rc::Rc;

use crate::source::Span;

use super::value::Value;

#[derive(Clone)]
pub struct Thunk(Rc<Value>);

impl Thunk {
    pub fn ready(v: Value) -> Self {
        Thunk(Rc::new(v))
    }

    /// Where the delayed expression was written, known without forcing it.
    pub fn span(&self) -> Span {
        self.0.span
    }
}
