//! A delayed computation, forced at most once. The result, error included, is
//! memoised, so the model can force the same field as often as it likes.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use crate::source::Span;

use super::value::Value;
use super::{EvalError, Evaluator};

type Delayed = Box<dyn FnOnce(&Evaluator) -> Result<Value, EvalError>>;

enum State {
    Pending(Delayed),
    /// Being forced right now: forcing it again is infinite recursion.
    Forcing,
    Done(Result<Value, EvalError>),
}

struct Inner {
    span: Span,
    state: RefCell<State>,
}

#[derive(Clone)]
pub struct Thunk(Rc<Inner>);

impl Thunk {
    pub fn ready(v: Value) -> Self {
        Thunk(Rc::new(Inner {
            span: v.span,
            state: RefCell::new(State::Done(Ok(v))),
        }))
    }

    /// A value that failed; forcing it gives the error.
    pub fn ready_error(span: Span, e: EvalError) -> Self {
        Thunk(Rc::new(Inner {
            span,
            state: RefCell::new(State::Done(Err(e))),
        }))
    }

    /// A computation run on first force; `span` is where its expression was written.
    pub fn delayed(
        span: Span,
        f: impl FnOnce(&Evaluator) -> Result<Value, EvalError> + 'static,
    ) -> Self {
        Thunk(Rc::new(Inner {
            span,
            state: RefCell::new(State::Pending(Box::new(f))),
        }))
    }

    /// Where the delayed expression was written, known without forcing it.
    pub fn span(&self) -> Span {
        self.0.span
    }

    pub fn is_forcing(&self) -> bool {
        matches!(*self.0.state.borrow(), State::Forcing)
    }

    /// The value if it was already computed successfully.
    pub fn peek(&self) -> Option<Value> {
        match &*self.0.state.borrow() {
            State::Done(Ok(v)) => Some(v.clone()),
            _ => None,
        }
    }

    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub(crate) fn force(&self, ev: &Evaluator) -> Result<Value, EvalError> {
        let delayed = {
            let mut state = self.0.state.borrow_mut();
            match &*state {
                State::Done(r) => return r.clone(),
                State::Forcing => return Err(ev.infinite_recursion(self.0.span)),
                State::Pending(_) => {}
            }
            match std::mem::replace(&mut *state, State::Forcing) {
                State::Pending(f) => f,
                // Unreachable: checked just above; keep the state consistent anyway.
                other => {
                    *state = other;
                    return Err(ev.infinite_recursion(self.0.span));
                }
            }
        };
        // The depth limit is checked with the closure taken out; on overflow we put
        // nothing back but an error, which is what every later force would hit too.
        let result = match ev.enter(self.0.span) {
            Ok(_guard) => delayed(ev),
            Err(e) => Err(e),
        };
        *self.0.state.borrow_mut() = State::Done(result.clone());
        result
    }
}

impl fmt::Debug for Thunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0.state.borrow() {
            State::Pending(_) => f.write_str("<thunk>"),
            State::Forcing => f.write_str("<forcing>"),
            State::Done(Ok(v)) => v.fmt(f),
            State::Done(Err(_)) => f.write_str("<error>"),
        }
    }
}
