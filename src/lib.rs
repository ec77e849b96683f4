//! devbox-gen: a compiler from a static subset of Nix to Quadlet units, systemd
//! timers, Nix modules, shell scripts and TOML.
//!
//! The pipeline reads in module order:
//! `syntax → eval → model → validate → render → emit`, with `cli` at the edge.

pub mod diagnostics;
pub mod eval;
pub mod source;
