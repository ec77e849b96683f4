//! ## What it does
//! Checks durations (`idle.stopAfter`, `idle.destroyAfter`,
//! `cleanup.randomizedDelay`): `<n><s|m|h|d|w>` runs such as `30m`, `12h`,
//! `1d12h`; bounded as systemd parses a time span (microseconds in 64 bits,
//! `parse_sec()`); `idle.*` not zero (`null` is "never"); and that
//! `destroyAfter` is not shorter than `stopAfter`.
//! ## Why is this bad?
//! The cleanup script and timer read them; destroying before stopping is a
//! contradiction that would delete homes of containers that are still running.
//! A span systemd cannot hold makes `RandomizedDelaySec=` ignored; `0m` would
//! silently mean "never" to the cleanup script.
//! ## Example
//! `stopAfter = "1 day";` → `stopAfter = "1d";`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Duration, Spanned, Spec};

/// systemd stores a time span in microseconds in a `u64`, `u64::MAX` meaning
/// infinity (`USEC_INFINITY`): a longer span fails `parse_sec()`.
pub const MAX_SECONDS: u64 = (u64::MAX - 1) / 1_000_000;

fn check_one(d: &Spanned<Duration>, field: &str, diags: &mut Diagnostics) -> Option<u64> {
    let secs = d.value.seconds;
    if let Some(s) = secs.filter(|s| *s > MAX_SECONDS) {
        diags.push(super::invalid(
            "spec::duration",
            format!("`{}` is too long (in `{field}`)", d.value.text.escape_debug()),
            d.span,
            "longer than systemd can hold",
            &format!(
                "{s} seconds; systemd holds time spans up to {MAX_SECONDS} seconds (about 584,000 years)"
            ),
        ));
        return None;
    }
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

/// An idle limit of 0 would be "never" to the cleanup script; `null` says that.
fn check_idle(d: &Spanned<Duration>, field: &str, diags: &mut Diagnostics) -> Option<u64> {
    let secs = check_one(d, field, diags);
    if secs == Some(0) {
        diags.push(super::invalid(
            "spec::duration",
            format!("`{}` is zero (in `{field}`)", d.value.text.escape_debug()),
            d.span,
            "a zero idle time",
            "write `null` for never, or a time such as `30m`",
        ));
        return None;
    }
    secs
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let stop = c
            .idle
            .stop_after
            .as_ref()
            .map(|s| (s, check_idle(s, "idle.stopAfter", diags)));
        let destroy = c
            .idle
            .destroy_after
            .as_ref()
            .map(|s| (s, check_idle(s, "idle.destroyAfter", diags)));
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
