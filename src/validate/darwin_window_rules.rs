//! ## What it does
//! Checks each Mac's AeroSpace `onWindowDetected` rules: `appId` is a bundle id
//! (`com.apple.Terminal`: no whitespace, not empty), `run` holds at least one
//! command and every command fits AeroSpace's grammar.
//! ## Why is this bad?
//! A rule with a bad command makes AeroSpace reject the config; an app id with a
//! space never matches any window.
//! ## Example
//! `{ appId = "Terminal"; run = "layout float"; }` →
//! `{ appId = "com.apple.Terminal"; run = "layout floating"; }`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

use super::darwin_bindings::{check_command, context};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    let ctx = context();
    for host in darwin.hosts.values() {
        for rule in &host.aerospace.on_window_detected {
            let id = &rule.app_id;
            if id.value.is_empty()
                || id
                    .value
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control())
            {
                diags.push(super::invalid(
                    "spec::aerospace-app-id",
                    format!("`{}` is not an app bundle id", id.value.escape_debug()),
                    id.span,
                    "expected a bundle id such as `com.apple.Terminal`",
                    "find it with `aerospace list-apps` or `osascript -e 'id of app \"Name\"'`",
                ));
            }
            if rule.run.is_empty() {
                diags.push(super::invalid(
                    "spec::aerospace-command",
                    "`run` holds no command".into(),
                    rule.span,
                    "this rule does nothing",
                    "give at least one command, e.g. `run = \"layout floating\";`",
                ));
            }
            for c in &rule.run {
                check_command(c, &ctx, diags);
            }
        }
    }
}
