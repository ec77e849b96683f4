//! ## What it does
//! Checks `cleanup.onCalendar` against the shape of a systemd calendar
//! expression: a shorthand (`daily`, `hourly`, …) or weekday/date/time words of
//! digits, `*`, `,`, `-`, `/`, `:`, `.`, `~`, weekday names and a time zone.
//! ## Why is this bad?
//! A bad `OnCalendar=` makes the timer fail to load, so idle containers are never
//! cleaned up. (The test suite checks generated timers with `systemd-analyze`.)
//! ## Example
//! `onCalendar = "every day";` → `onCalendar = "daily";`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

const SHORTHANDS: &[&str] = &[
    "minutely",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "annually",
    "quarterly",
    "semiannually",
];
const WEEKDAYS: &[&str] = &[
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_calendar_word(w: &str) -> bool {
    if w == "UTC" || is_time_zone(w) {
        return true;
    }
    let is_weekday_list = w
        .split([',', '.'])
        .filter(|p| !p.is_empty())
        .all(|p| WEEKDAYS.contains(&p.to_ascii_lowercase().as_str()));
    let is_numeric = !w.is_empty()
        && w.chars().any(|c| c.is_ascii_digit() || c == '*')
        && w.chars()
            .all(|c| c.is_ascii_digit() || "*,-/:.~".contains(c));
    is_weekday_list || is_numeric
}

/// A tz database name: `Area/City[/…]`, each part of `[A-Za-z0-9_+-]`, the
/// area capitalised. Anything else could carry a line break into the unit
/// (which the `unit` filter then refuses: a render error instead of a spec
/// error) or a `%` (a specifier) into `OnCalendar=`.
fn is_time_zone(w: &str) -> bool {
    w.contains('/')
        && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && w.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
        })
}

pub fn is_calendar(s: &str) -> bool {
    if SHORTHANDS.contains(&s) {
        return true;
    }
    !s.is_empty()
        && s.split(' ').count() <= 4
        && s.split(' ').all(is_calendar_word)
        && s.split(' ').all(in_range)
}

/// The numbers of a time (`H:M[:S]`) or date (`[Y-]M-D`) word within their
/// ranges: `25:00` has the right shape, but systemd refuses it and the timer
/// never loads. Lists (`,`), ranges (`..`), repetitions (`/n`) and `*` are
/// checked endpoint by endpoint.
fn in_range(w: &str) -> bool {
    if is_time_zone(w) {
        return true;
    }
    let fields = |sep: char, bounds: &[(f64, f64)]| {
        let parts: Vec<&str> = w.split(sep).collect();
        // Right-aligned: `M-D` are the last two of `Y-M-D`, `H:M` the first two of `H:M:S`.
        let bounds: &[(f64, f64)] = if sep == '-' {
            &bounds[bounds.len().saturating_sub(parts.len())..]
        } else {
            &bounds[..parts.len().min(bounds.len())]
        };
        parts.iter().zip(bounds).all(|(p, &(lo, hi))| {
            p.split(',').all(|item| {
                let item = item.split('/').next().unwrap_or_default();
                item.split("..").all(|n| {
                    n == "*"
                        || n.is_empty()
                        || n.parse::<f64>().map_or(true, |x| (lo..=hi).contains(&x))
                })
            })
        })
    };
    if w.contains(':') {
        fields(':', &[(0.0, 23.0), (0.0, 59.0), (0.0, 59.999_999)])
    } else if w.contains('-') && !w.contains('~') {
        fields('-', &[(1970.0, 2199.0), (1.0, 12.0), (1.0, 31.0)])
    } else {
        true
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let cal = &spec.cleanup.on_calendar;
    if !is_calendar(&cal.value) {
        diags.push(super::invalid(
            "spec::on-calendar",
            format!("`{}` is not a systemd calendar expression", cal.value.escape_debug()),
            cal.span,
            "expected e.g. `daily`, `hourly` or `*-*-* 03:00:00`",
            "see `man systemd.time`, section CALENDAR EVENTS; `systemd-analyze calendar '…'` tests one",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::is_calendar;

    #[test]
    fn calendar_shapes() {
        for ok in [
            "daily",
            "*-*-* 03:00:00",
            "Mon..Fri 09:00",
            "Sat,Sun *-*-* 04:30",
            "*:0/15",
            "*-*-* 03:00 UTC",
            "*-*-* 03:00 Europe/Paris",
            "Mon *-*-* 03:00 America/Argentina/Buenos_Aires",
            "*-*-* 03:00 Etc/GMT+5",
            "Mon..Fri 23:00",
            "*-*-1..7 03:00",
            "*-02-29 03:00",
            "2026-12-31 23:59:59.5",
            "*:0/15:30",
        ] {
            assert!(is_calendar(ok), "{ok}");
        }
        for bad in [
            "every day",
            "",
            "daily; rm -rf /",
            "3am",
            "*-*-* 03:00\n",
            // Found by tests/suite/injection.rs: anything went after a `/` in a time zone.
            "*-*-* 03:00 Europe/Paris\nExecStart=/bin/sh",
            "*-*-* 03:00 Europe/%n",
            "*-*-* 03:00 Europe/$HOME",
            "*-*-* 03:00 Europe//Paris",
            "*-*-* 03:00 Europe/",
            // Found by tests/bad-specs: the right shape, out of range; systemd refuses them.
            "Mon..Fri 25:00",
            "*-13-01 03:00",
            "*-*-32 03:00",
            "*:60",
            "*-*-* 03:00:61",
        ] {
            assert!(!is_calendar(bad), "{bad}");
        }
    }
}
