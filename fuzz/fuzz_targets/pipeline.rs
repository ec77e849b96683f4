//! Fuzz target: the whole compiler (parse → eval → decode → validate → render)
//! over a spec directory built from the input (format: `fuzz/input.rs`).
//! How to run it: docs/fuzzing.md.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../input.rs"]
#[allow(dead_code)] // `join` serves the corpus replay test
mod input;

use input::Workdir;

fuzz_target!(|data: &[u8]| {
    // One spec directory per process (libFuzzer runs inputs one at a time).
    static DIR: OnceLock<Workdir> = OnceLock::new();
    DIR.get_or_init(|| Workdir::new("pipeline")).run(data);
});
