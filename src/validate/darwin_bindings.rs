//! ## What it does
//! Checks each Mac's AeroSpace `bindings`: every key is `mod-…-key` with
//! AeroSpace's modifiers and exact (case-sensitive) key names; no two keys
//! normalise alike (`shift-alt-h` is `alt-shift-h`); every command fits its
//! grammar (name, arguments, flags), with a guess for typos.
//! ## Why is this bad?
//! AeroSpace rejects the config for one bad binding or a redeclared key, and the
//! user only finds out on the Mac: before 0.21 the whole file is dropped for
//! AeroSpace's defaults.
//! ## Example
//! `"alt-shift-H" = "focus lft";` → `"alt-shift-h" = "focus left";`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;
use crate::model::darwin::{Binding, Text};

use crate::aerospace::commands::{self, Context};
use crate::aerospace::{defaults, keys};

/// The context every command of a generated config is checked in.
pub fn context() -> Context<'static> {
    Context {
        modes: defaults::MODES,
        flatten_containers: defaults::flatten_containers(),
    }
}

/// Reports a command that AeroSpace would reject, pointing into the string.
pub fn check_command(cmd: &Text, ctx: &Context, diags: &mut Diagnostics) {
    if let Err(e) = commands::check(&cmd.value, ctx) {
        let mut d = Diagnostic::error("spec::aerospace-command", e.message)
            .with_label(cmd.sub_span(e.range), e.label);
        if let Some(h) = e.help {
            d = d.with_help(h);
        }
        diags.push(d);
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    let ctx = context();
    for host in darwin.hosts.values() {
        let mut seen: BTreeMap<String, &Binding> = BTreeMap::new();
        for b in &host.aerospace.bindings {
            match keys::parse(&b.key.value) {
                Err(e) => {
                    let mut d = Diagnostic::error("spec::aerospace-key", e.message)
                        .with_label(b.key.sub_span(e.range), e.label);
                    if let Some(h) = e.help {
                        d = d.with_help(h);
                    }
                    diags.push(d);
                }
                Ok(k) => {
                    let norm = k.normalized();
                    if let Some(first) = seen.get(&norm) {
                        diags.push(
                            Diagnostic::error(
                                "spec::aerospace-duplicate-binding",
                                format!(
                                    "`{}` and `{}` are the same key, `{norm}`",
                                    first.key.value, b.key.value
                                ),
                            )
                            .with_label(b.key.span, "this binding…")
                            .with_label(first.key.span, "…redeclares this one")
                            .with_help("AeroSpace rejects a key bound twice (`Binding redeclaration`); keep one"),
                        );
                    } else {
                        seen.insert(norm, b);
                    }
                }
            }
            for c in &b.commands {
                check_command(c, &ctx, diags);
            }
        }
    }
}
