//! ## What it does
//! Checks each Mac's AeroSpace `workspaces` (names AeroSpace accepts: not one of
//! its reserved words, no whitespace or `,`, not starting with `_` or `-`; none
//! twice; no two with the same generated key) and `modifier` (`alt`, `ctrl`, `cmd`).
//! ## Why is this bad?
//! `workspace next` means "the next workspace", not one called `next`: AeroSpace
//! rejects reserved names, and two workspaces on one key is a redeclared binding.
//! ## Example
//! `workspaces = [ "1" "next" ];` → `workspaces = [ "1" "2" ];`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spanned, Spec, guess_or};

use crate::aerospace::commands::RESERVED_CHARS;
use crate::aerospace::{workspace_key, workspace_name_problem};

pub const MODIFIERS: &[&str] = &["alt", "ctrl", "cmd"];

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        let a = &host.aerospace;
        let m = &a.modifier;
        if !MODIFIERS.contains(&m.value.as_str()) {
            let help = match m.value.to_lowercase().as_str() {
                "option" | "opt" => "macOS's Option key is `alt` to AeroSpace".to_owned(),
                "command" | "super" => "macOS's Command key is `cmd` to AeroSpace".to_owned(),
                "control" => "AeroSpace calls it `ctrl`".to_owned(),
                "shift" => {
                    "`shift` is added for the move bindings (`<mod>-shift-<k>`); pick another"
                        .to_owned()
                }
                _ => guess_or(&m.value, MODIFIERS.iter().copied(), ""),
            };
            diags.push(super::invalid(
                "spec::aerospace-modifier",
                format!("`{}` is not a workspace modifier", m.value.escape_debug()),
                m.span,
                "expected `alt`, `ctrl` or `cmd`",
                &help,
            ));
        }
        let mut names: BTreeMap<&str, &Spanned<String>> = BTreeMap::new();
        let mut keys: BTreeMap<&str, &Spanned<String>> = BTreeMap::new();
        for w in &a.workspaces {
            let why = workspace_name_problem(&w.value).or_else(|| {
                w.value.find(RESERVED_CHARS).map(|i| {
                    let c = w.value[i..].chars().next().unwrap_or('?');
                    format!(
                        "workspace name `{}` contains `{c}`, which AeroSpace's command syntax reserves",
                        w.value
                    )
                })
            });
            if let Some(why) = why {
                diags.push(super::invalid(
                    "spec::aerospace-workspace",
                    why,
                    w.span,
                    "AeroSpace refuses this workspace name",
                    "",
                ));
                continue;
            }
            if let Some(first) = names.get(w.value.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "spec::aerospace-workspace",
                        format!("workspace `{}` is listed twice", w.value),
                    )
                    .with_label(w.span, "repeated")
                    .with_label(first.span, "first listed here"),
                );
                continue;
            }
            names.insert(&w.value, w);
            if let Some(k) = workspace_key(&w.value) {
                if let Some(first) = keys.get(k) {
                    diags.push(
                        Diagnostic::error(
                            "spec::aerospace-workspace",
                            format!(
                                "workspaces `{}` and `{}` would both be bound to `{}-{k}`",
                                first.value, w.value, m.value
                            ),
                        )
                        .with_label(w.span, "this one…")
                        .with_label(first.span, "…and this one")
                        .with_help("rename one, or leave one without a generated binding by giving it a longer name"),
                    );
                } else {
                    keys.insert(k, w);
                }
            }
        }
    }
}
