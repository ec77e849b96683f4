//! ## What it does
//! Checks durations (`idle.stopAfter`, `idle.destroyAfter`,
//! `cleanup.randomizedDelay`): `<n><s|m|h|d|w>` runs such as `30m`, `12h`,
//! `1d12h`; and that `destroyAfter` is not shorter than `stopAfter`.
//! ## Why is this bad?
//! The cleanup script and timer read them; destroying before stopping is a
//! contradiction that would delete homes of containers that are still running.
//! ## Example
//! `stopAfter = "1 day";` → `stopAfter = "1d";`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Duration, Spanned, Spec};

fn check_one(d: &Spanned<Duration>, field: &str, diags: &mut Diagnostics) -> Option<u64> {
    let secs = d.value.seconds;
    if secs.is_none() {
        diags.push(super::invalid(
            "spec::duration",
            format!(
                "`{}` is not a duration (in `{field}`)",
                d.value.text.escape_debug()
            ),
            d.span,
            "expected e.g. `30m`, `12h`, `7d`",
            "units: s, m, h, d, w; no spaces",
        ));
    }
    secs
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let stop = c
            .idle
            .stop_after
            .as_ref()
            .map(|s| (s, check_one(s, "idle.stopAfter", diags)));
        let destroy = c
            .idle
            .destroy_after
            .as_ref()
            .map(|s| (s, check_one(s, "idle.destroyAfter", diags)));
        match (stop, destroy) {
            (Some((s, Some(stop))), Some((d, Some(destroy)))) if destroy < stop => diags.push(
                Diagnostic::error(
                    "spec::destroy-before-stop",
                    format!(
                        "container `{}` would be destroyed before it is stopped",
                        c.name.value
                    ),
                )
                .with_label(d.span, format!("destroyed after {}", d.value.text))
                .with_label(s.span, format!("but stopped only after {}", s.value.text))
                .with_help("destroyAfter must be at least stopAfter"),
            ),
            (None, Some((d, _))) => diags.push(
                Diagnostic::error(
                    "spec::destroy-before-stop",
                    format!(
                        "container `{}` is never stopped but has `destroyAfter`",
                        c.name.value
                    ),
                )
                .with_label(d.span, "destroyAfter without stopAfter")
                .with_help("set `idle.stopAfter` too, or remove `destroyAfter`"),
            ),
            _ => {}
        }
    }
    check_one(
        &spec.cleanup.randomized_delay,
        "cleanup.randomizedDelay",
        diags,
    );
}
