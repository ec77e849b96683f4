//! ## What it does
//! Checks each Mac's `packages` (nixpkgs attribute paths) and `casks` (Homebrew
//! cask tokens: lowercase letters, digits, `-`, `.`, `_`, `+`, `@`); none listed twice.
//! ## Why is this bad?
//! A package becomes `pkgs.<path>` in home.nix: anything but identifiers would
//! change the meaning of the Nix. A malformed cask makes `brew bundle` fail
//! during activation, after everything else was switched.
//! ## Example
//! `casks = [ "Google Chrome" ];` → `casks = [ "google-chrome" ];`

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::Spec;
use crate::syntax::names::is_attr_path;

fn is_cask(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'-' | b'.' | b'_' | b'+' | b'@')
        })
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        // A set of those seen, not a rescan per item (quadratic in long lists).
        let mut seen = HashSet::new();
        for p in &host.packages {
            let repeated = !seen.insert(p.value.0.as_str());
            let path = &p.value.0;
            if !is_attr_path(path) {
                diags.push(super::invalid(
                    "spec::package",
                    format!("`{}` is not a nixpkgs attribute path", path.escape_debug()),
                    p.span,
                    "expected names like `ripgrep` or `python3Packages.ipython`",
                    "",
                ));
            } else if repeated {
                diags.push(super::invalid(
                    "spec::package",
                    format!("package `{path}` is listed twice"),
                    p.span,
                    "repeated",
                    "",
                ));
            }
        }
        // A set of those seen, not a rescan per item (quadratic in long lists).
        let mut seen = HashSet::new();
        for c in &host.casks {
            let repeated = !seen.insert(c.value.as_str());
            if !is_cask(&c.value) {
                let fixed: String = c
                    .value
                    .trim()
                    .to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-");
                let help = if is_cask(&fixed) {
                    format!("cask tokens are lowercase with `-`: did you mean `{fixed}`?")
                } else {
                    "cask tokens are what `brew install --cask <token>` takes".into()
                };
                diags.push(super::invalid(
                    "spec::cask",
                    format!("`{}` is not a Homebrew cask token", c.value.escape_debug()),
                    c.span,
                    "expected lowercase letters, digits, `-`, `.`, `_`, `+` or `@`",
                    &help,
                ));
            } else if repeated {
                diags.push(super::invalid(
                    "spec::cask",
                    format!("cask `{}` is listed twice", c.value),
                    c.span,
                    "repeated",
                    "",
                ));
            }
        }
    }
}
