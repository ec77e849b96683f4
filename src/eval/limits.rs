//! Fixed caps on what evaluation may build, so that a spec that asks for too
//! much ends in a diagnostic with a span (exit 2), not an allocation failure
//! (an abort). Each sits far above real specs: the benchmarks' largest input
//! is 100,000 packages in one image (about 2 MB of text) and 100,000-element
//! lists. Listed in the README ("Limits").

use crate::source::Span;

use super::{EvalError, errors};

/// The longest string a value may hold: 32 MiB.
pub const MAX_STRING_BYTES: usize = 32 << 20;
/// The longest list: 1,000,000 elements.
pub const MAX_LIST_ITEMS: usize = 1_000_000;
/// The largest file `import`, `readFile` or a spec file may read: 32 MiB.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

pub(crate) fn string_too_long(len: usize, at: Span) -> EvalError {
    errors::error(
        "eval::limit",
        format!(
            "a string of {len} bytes or more is past devbox-gen's limit of {MAX_STRING_BYTES} bytes"
        ),
        at,
        "this string grows past the limit",
    )
}

/// `Ok` when a string of `len` bytes is within the cap.
pub(crate) fn string_len(len: usize, at: Span) -> Result<(), EvalError> {
    if len > MAX_STRING_BYTES {
        Err(string_too_long(len, at))
    } else {
        Ok(())
    }
}

/// `Ok` when a list of `len` elements is within the cap (checked before it is built).
pub(crate) fn list_len(len: usize, at: Span) -> Result<(), EvalError> {
    if len > MAX_LIST_ITEMS {
        Err(errors::error(
            "eval::limit",
            format!(
                "a list of {len} elements is past devbox-gen's limit of {MAX_LIST_ITEMS} elements"
            ),
            at,
            "this list grows past the limit",
        ))
    } else {
        Ok(())
    }
}

/// A string built piece by piece that refuses to grow past the cap.
pub(crate) struct CappedString {
    pub s: String,
    at: Span,
}

impl CappedString {
    pub fn new(at: Span) -> Self {
        CappedString {
            s: String::new(),
            at,
        }
    }

    pub fn push_str(&mut self, part: &str) -> Result<(), EvalError> {
        string_len(self.s.len().saturating_add(part.len()), self.at)?;
        self.s.push_str(part);
        Ok(())
    }
}
