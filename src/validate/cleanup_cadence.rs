//! ## What it does
//! Warns when `cleanup.onCalendar` runs the idle cleanup less often than the
//! smallest `idle.stopAfter` (a warning: the spec is valid, the run succeeds).
//! ## Why is this bad?
//! The cleanup timer is the only thing that stops an idle container: with a
//! daily cleanup, a container with `stopAfter = "2h"` runs idle for up to a day.
//! ## Example
//! `cleanup.onCalendar = "daily";` with `idle.stopAfter = "2h";` → `cleanup.onCalendar = "hourly";`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;

const MINUTE: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 86_400;
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The values a calendar field (`*`, `5`, `1,7`, `9..17`, `0/2`, `*/15`)
/// takes within `0..n` (`offset` shifts 1-based fields), or `None` for `*`.
fn field_values(field: &str, n: u64, offset: u64) -> Option<Vec<u64>> {
    if field == "*" {
        return None;
    }
    let mut out = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, s.parse::<u64>().ok().filter(|s| *s > 0)),
            None => (item, None),
        };
        let (lo, hi) = if range == "*" {
            (offset, n - 1 + offset)
        } else if let Some((a, b)) = range.split_once("..") {
            (a.parse().ok()?, b.parse().ok()?)
        } else {
            let v: u64 = range.split('.').next()?.parse().ok()?;
            (v, if step.is_some() { n - 1 + offset } else { v })
        };
        let mut v = lo;
        while v <= hi && v < n + offset {
            out.push(v - offset);
            v += step.unwrap_or(1);
        }
    }
    out.sort_unstable();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// The longest wait between two consecutive values of a cyclic field of `n`
/// slots, in slots (`n` when it takes one value).
fn max_gap(values: &[u64], n: u64) -> u64 {
    let mut gap = 0;
    for (i, v) in values.iter().enumerate() {
        let next = values.get(i + 1).copied().unwrap_or(values[0] + n);
        gap = gap.max(next - v);
    }
    gap
}

/// About the longest time between two runs of a systemd calendar expression,
/// in seconds; `None` when the expression is not understood here (then no
/// warning: on_calendar.rs reports a malformed one).
pub fn longest_interval(expr: &str) -> Option<u64> {
    let shorthand = match expr {
        "minutely" => Some(MINUTE),
        "hourly" => Some(HOUR),
        "daily" => Some(DAY),
        "weekly" => Some(7 * DAY),
        "monthly" => Some(31 * DAY),
        "quarterly" => Some(92 * DAY),
        "semiannually" => Some(184 * DAY),
        "yearly" | "annually" => Some(366 * DAY),
        _ => None,
    };
    if shorthand.is_some() {
        return shorthand;
    }
    let mut weekdays: Option<Vec<u64>> = None;
    let mut time = "00:00:00";
    let mut date_interval = None;
    for word in expr.split(' ') {
        let lower = word.to_ascii_lowercase();
        if word.contains(':') {
            time = word;
        } else if lower.starts_with(|c: char| c.is_ascii_alphabetic()) && !word.contains('/') {
            let mut days = Vec::new();
            for part in lower.split(',') {
                let day = |d: &str| WEEKDAYS.iter().position(|w| d.starts_with(w));
                let (a, b) = match part.split_once("..") {
                    Some((a, b)) => (day(a)?, day(b)?),
                    None => (day(part)?, day(part)?),
                };
                days.extend((a..=b).map(|d| d as u64));
            }
            days.sort_unstable();
            days.dedup();
            weekdays = Some(days);
        } else if word.contains('-') {
            // A date: any fixed day of the month or month is at least monthly.
            let parts: Vec<&str> = word.split('-').collect();
            let [.., month, day] = parts.as_slice() else {
                return None;
            };
            if *month != "*" {
                date_interval = Some(366 * DAY);
            } else if *day != "*" {
                date_interval = Some(31 * DAY);
            }
        }
    }
    if let Some(d) = date_interval {
        return Some(d);
    }
    let mut t = time.split(':');
    let (hour, minute) = (t.next()?, t.next().unwrap_or("00"));
    let hours = field_values(hour, 24, 0);
    let minutes = field_values(minute, 60, 0);
    // Within a day: the longest wait between two runs.
    let in_day = match (&hours, &minutes) {
        (None, None) => MINUTE,
        (None, Some(m)) => max_gap(m, 60) * MINUTE,
        (Some(h), _) => max_gap(h, 24) * HOUR,
    };
    Some(match weekdays {
        Some(days) if days.len() < 7 => (max_gap(&days, 7) - 1) * DAY + in_day.min(DAY),
        _ => in_day,
    })
}

/// `3600` → `1h`, `90000` → `1d1h`.
fn human(s: u64) -> String {
    let mut out = String::new();
    for (n, unit) in [
        (s / DAY, "d"),
        (s % DAY / HOUR, "h"),
        (s % HOUR / MINUTE, "m"),
        (s % MINUTE, "s"),
    ] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() {
        out = "0s".to_owned();
    }
    out
}

/// A calendar expression that runs at least every `stop_after` seconds.
fn suggestion(stop_after: u64) -> String {
    if stop_after >= HOUR {
        "hourly".to_owned()
    } else {
        format!("*:0/{}", (stop_after / MINUTE).max(1))
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let cal = &spec.cleanup.on_calendar;
    // A malformed expression is on_calendar.rs's error, not a cadence.
    if !super::on_calendar::is_calendar(&cal.value) {
        return;
    }
    let Some(interval) = longest_interval(&cal.value) else {
        return;
    };
    let smallest = spec
        .containers
        .values()
        .filter_map(|c| {
            let d = c.idle.stop_after.as_ref()?;
            Some((d.value.seconds?, d, &c.name.value))
        })
        .min_by_key(|(s, _, _)| *s);
    let Some((stop_after, span, name)) = smallest else {
        return;
    };
    if interval <= stop_after {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "spec::cleanup-cadence",
            format!(
                "the idle cleanup runs about every {} (`{}`), less often than container `{name}` \
                 may stay idle ({} of `idle.stopAfter`)",
                human(interval),
                cal.value.escape_debug(),
                span.value.text,
            ),
        )
        .with_label(cal.span, format!("up to {} between runs", human(interval)))
        .with_label(
            span.span,
            format!("`{name}` stops after {} idle", human(stop_after)),
        )
        .with_help(format!(
            "`{name}` may run idle for up to {} past its stopAfter; run the cleanup at least \
             every {}: `cleanup.onCalendar = \"{}\";`",
            human(interval),
            human(stop_after),
            suggestion(stop_after)
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::{human, longest_interval};

    #[test]
    fn intervals_of_calendar_expressions() {
        for (expr, want) in [
            ("hourly", 3600),
            ("daily", 86_400),
            ("weekly", 7 * 86_400),
            ("*-*-* 03:30:00", 86_400),
            ("*-*-* *:00:00", 3600),
            ("*:0/15", 900),
            ("*-*-* 0/6:00", 6 * 3600),
            ("*-*-* 08,20:00", 12 * 3600),
            ("*-*-* 09..17:00", 16 * 3600),
            ("Mon..Fri 09:00", 3 * 86_400),
            ("Mon *-*-* *:00", 3600 + 6 * 86_400),
            ("*-*-01 00:00", 31 * 86_400),
        ] {
            assert_eq!(longest_interval(expr), Some(want), "{expr}");
        }
    }

    #[test]
    fn human_durations() {
        assert_eq!(human(3600), "1h");
        assert_eq!(human(90_000), "1d1h");
        assert_eq!(human(900), "15m");
        assert_eq!(human(30), "30s");
        assert_eq!(human(90), "1m30s");
    }
}
