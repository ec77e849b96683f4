//! devbox-gen: a compiler from a static subset of Nix to Quadlet units, systemd
//! timers, Nix modules, shell scripts and TOML.
//!
//! The module list is the pipeline, in order (blank lines keep rustfmt from
//! sorting it): `syntax → eval → model → validate → render → emit`, with
//! `pipeline` running the stages and `cli` at the edge.

pub mod diagnostics;
pub mod source;

// Knowledge several stages share, below all of them: the formats of secrets
// and what AeroSpace accepts.
pub mod secrets;

pub mod aerospace;

pub mod syntax;

pub mod eval;

pub mod model;

pub mod validate;

pub mod render;

pub mod emit;

pub mod pipeline;

pub mod parallel;

pub mod cli;

#[cfg(test)]
mod layering;

#[cfg(test)]
mod self_contained;
