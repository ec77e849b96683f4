//! Most of the integration tests, as one test crate: the library is linked and
//! `tests/support/` compiled once for all of them instead of once per file. Each
//! module is one area; its doc comment says what it checks. The tests with
//! snapshots (golden, diagnostics, nix_artifacts, eval_differential) stay crates
//! of their own, next to `tests/snapshots/`.

#[path = "../support/mod.rs"]
mod support;

mod ci_recipe;
mod cli;
mod consumers;
mod darwin;
mod emit;
mod flake;
mod fuzz_corpus;
mod home_quota;
mod injection;
mod precommit;
mod properties;
mod scripts;
mod secret_scan;
mod tailnet_policy;
mod validators_selftest;
