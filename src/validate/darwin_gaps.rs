//! ## What it does
//! Checks each Mac's AeroSpace `gaps`: every side a whole number of pixels ≥ 0
//! (floats are already refused as a type error: AeroSpace takes integers only).
//! ## Why is this bad?
//! A negative gap lays windows over each other and off the screen.
//! ## Example
//! `gaps = -4;` → `gaps = 4;`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        let mut reported = Vec::new();
        for (side, g) in host.aerospace.gaps.all() {
            if g.value < 0 && !reported.contains(&g.span) {
                reported.push(g.span);
                diags.push(super::invalid(
                    "spec::aerospace-gaps",
                    format!("gap `{side}` is negative ({})", g.value),
                    g.span,
                    "expected 0 or more pixels",
                    "",
                ));
            }
        }
    }
}
