//! ## What it does
//! Checks `cleanup.onCalendar` with systemd's own calendar grammar (a port of
//! `calendar_spec_from_string()` in systemd's `src/shared/calendarspec.c`):
//! shorthands (`daily`, `weekly`, …), weekdays with `,` `..` `-`, dates with
//! `-` or `~` (end of month), times with fractional seconds, lists, ranges and
//! repetitions (`/0` refused), `@<unix time>`, and a trailing ` UTC` or time zone.
//! Time zones are checked against the zone list embedded in devbox-gen
//! (`data/time-zones.txt`, pinned tzdata), not the build machine's.
//! ## Why is this bad?
//! A bad `OnCalendar=` makes the timer fail to load, so idle containers are never
//! cleaned up. `tests/calendar_differential.rs` holds a corpus whose verdicts must
//! equal `systemd-analyze calendar`'s.
//! ## Example
//! `onCalendar = "*-*-* 00:00 Europe/Berlim";` → `"*-*-* 00:00 Europe/Berlin"`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

/// systemd's bounds (`MIN_YEAR`, `MAX_YEAR`, `CALENDARSPEC_COMPONENTS_MAX`).
const MIN_YEAR: i64 = 1970;
const MAX_YEAR: i64 = 2199;
const COMPONENTS_MAX: usize = 240;
const USEC_PER_SEC: i64 = 1_000_000;
const INT_MAX: i64 = i32::MAX as i64;

const TIME_ZONES: &str = include_str!("data/time-zones.txt");

/// Whether `name` is a zone of the embedded tzdata (or `UTC`, which systemd
/// always accepts). systemd opens `/usr/share/zoneinfo/<name>`; its checks on
/// the name's characters keep `%`, `$` and line breaks out either way.
pub fn is_time_zone(name: &str) -> bool {
    name == "UTC" || TIME_ZONES.lines().any(|l| !l.starts_with('#') && l == name)
}

/// The tzdata version of the embedded zone list.
pub fn tzdata_version() -> &'static str {
    TIME_ZONES
        .lines()
        .next()
        .and_then(|l| l.split("tzdata ").nth(1))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("?")
}

#[derive(Clone, Copy)]
struct Component {
    start: i64,
    stop: i64,
    repeat: i64,
}

type Chain = Option<Vec<Component>>;

#[derive(Default)]
struct Calendar {
    end_of_month: bool,
    year: Chain,
    month: Chain,
    day: Chain,
    hour: Chain,
    minute: Chain,
    second: Chain,
}

type R<T> = Result<T, &'static str>;

const BAD: &str = "not systemd's calendar syntax";

/// A cursor over the expression's bytes; `peek()` is 0 at the end, as a C string.
struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn at(&self, k: usize) -> u8 {
        self.s.get(self.i + k).copied().unwrap_or(0)
    }
    fn peek(&self) -> u8 {
        self.at(0)
    }
    fn skip_spaces(&mut self) {
        while self.peek() == b' ' {
            self.i += 1;
        }
    }
    fn starts_with_no_case(&self, w: &str) -> bool {
        self.s
            .get(self.i..)
            .is_some_and(|r| r.len() >= w.len() && r[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
    }
    /// `strtoul` after a digit: the digits, or `None` on overflow of 64 bits.
    fn number(&mut self) -> R<u64> {
        let mut v: u64 = 0;
        let start = self.i;
        while self.peek().is_ascii_digit() {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(self.peek() - b'0')))
                .ok_or("a number is too large")?;
            self.i += 1;
        }
        if self.i == start {
            return Err(BAD);
        }
        Ok(v)
    }
}

const DAYS: &[(&str, u32)] = &[
    ("Monday", 0),
    ("Mon", 0),
    ("Tuesday", 1),
    ("Tue", 1),
    ("Wednesday", 2),
    ("Wed", 2),
    ("Thursday", 3),
    ("Thu", 3),
    ("Friday", 4),
    ("Fri", 4),
    ("Saturday", 5),
    ("Sat", 5),
    ("Sunday", 6),
    ("Sun", 6),
];

fn parse_weekdays(p: &mut Cur) -> R<()> {
    let mut l: Option<u32> = None;
    let mut first = true;
    loop {
        let Some(&(name, nr)) = DAYS.iter().find(|(name, _)| p.starts_with_no_case(name)) else {
            return if first {
                Ok(())
            } else {
                Err("expected a weekday")
            };
        };
        if !matches!(p.at(name.len()), 0 | b'-' | b'.' | b',' | b' ') {
            return Err("not a weekday name");
        }
        if l.is_some_and(|l| l > nr) {
            return Err("a weekday range runs backwards");
        }
        p.i += name.len();
        match p.peek() {
            0 => return Ok(()),
            b' ' => {
                p.skip_spaces();
                return Ok(());
            }
            b'.' => {
                if l.is_some() || p.at(1) != b'.' {
                    return Err(BAD);
                }
                l = Some(nr);
                p.i += 2;
            }
            b'-' => {
                if l.is_some() {
                    return Err(BAD);
                }
                l = Some(nr);
                p.i += 1;
            }
            b',' => {
                l = None;
                p.i += 1;
            }
            _ => {}
        }
        if matches!(p.peek(), 0 | b' ') {
            p.skip_spaces();
            return if l.is_none() {
                Ok(())
            } else {
                Err("an open weekday range")
            };
        }
        first = false;
    }
}

/// `parse_component_decimal()`: digits, and for seconds a fraction rounded to µs.
fn decimal(p: &mut Cur, usec: bool) -> R<i64> {
    if !p.peek().is_ascii_digit() {
        return Err(BAD);
    }
    let mut v = p.number()?;
    if usec {
        v = v
            .checked_mul(USEC_PER_SEC as u64)
            .ok_or("a number is too large")?;
        if p.peek() == b'.' && p.at(1) != b'.' {
            p.i += 1;
            v = v
                .checked_add(u64::from(fraction(p)?))
                .ok_or("a number is too large")?;
        }
    }
    if v > INT_MAX as u64 {
        return Err("a number is too large");
    }
    // At most INT_MAX (checked above): the conversion cannot fail.
    Ok(i64::try_from(v).unwrap_or(i64::MAX))
}

/// `parse_fractional_part_u(…, 6, …)`: six digits, rounded by the seventh.
fn fraction(p: &mut Cur) -> R<u32> {
    let mut v: u32 = 0;
    for i in 0..6 {
        let c = p.peek();
        if !c.is_ascii_digit() {
            if i == 0 {
                return Err("expected digits after `.`");
            }
            v *= 10u32.pow(6 - i);
            break;
        }
        v = v * 10 + u32::from(c - b'0');
        p.i += 1;
    }
    if (b'5'..=b'9').contains(&p.peek()) {
        v += 1;
    }
    while p.peek().is_ascii_digit() {
        p.i += 1;
    }
    Ok(v)
}

fn parse_chain(p: &mut Cur, usec: bool) -> R<Chain> {
    if p.peek() == b'*' {
        p.i += 1;
        return Ok(usec.then(|| {
            vec![Component {
                start: 0,
                stop: -1,
                repeat: USEC_PER_SEC,
            }]
        }));
    }
    let mut chain = Vec::new();
    loop {
        if chain.len() > COMPONENTS_MAX {
            return Err("more than 240 items in a list");
        }
        let start = decimal(p, usec)?;
        let (mut stop, mut repeat) = (-1, 0);
        if p.peek() == b'.' && p.at(1) == b'.' {
            p.i += 2;
            stop = decimal(p, usec)?;
            repeat = if usec { USEC_PER_SEC } else { 1 };
        }
        if p.peek() == b'/' {
            p.i += 1;
            repeat = decimal(p, usec)?;
            if repeat == 0 {
                return Err("a repetition of 0 never advances");
            }
        } else {
            if start > INT_MAX - repeat {
                return Err("a number is too large");
            }
            if usec && stop >= 0 && start + repeat > stop {
                return Err("a range of seconds shorter than a second");
            }
        }
        if !matches!(p.peek(), 0 | b' ' | b',' | b'-' | b'~' | b':') {
            return Err(BAD);
        }
        chain.push(Component {
            start,
            stop,
            repeat,
        });
        if p.peek() != b',' {
            return Ok(Some(chain));
        }
        p.i += 1;
    }
}

/// `parse_date()`: `Ok(true)` when an `@timestamp` ended the expression.
fn parse_date(p: &mut Cur, c: &mut Calendar) -> R<bool> {
    if p.peek() == 0 {
        return Ok(false);
    }
    if p.peek() == b'@' {
        p.i += 1;
        return timestamp(p, c).map(|()| true);
    }
    let mut t = Cur { s: p.s, i: p.i };
    let first = parse_chain(&mut t, false)?;
    if matches!(t.peek(), 0 | b':') {
        return Ok(false);
    }
    match t.peek() {
        b'~' => c.end_of_month = true,
        b'-' => {}
        _ => return Err(BAD),
    }
    t.i += 1;
    let second = parse_chain(&mut t, false)?;
    if matches!(t.peek(), 0 | b' ') {
        t.skip_spaces();
        p.i = t.i;
        c.month = first;
        c.day = second;
        return Ok(false);
    } else if c.end_of_month {
        return Err(BAD);
    }
    match t.peek() {
        b'~' => c.end_of_month = true,
        b'-' => {}
        _ => return Err(BAD),
    }
    t.i += 1;
    let third = parse_chain(&mut t, false)?;
    if !matches!(t.peek(), 0 | b' ') {
        return Err(BAD);
    }
    t.skip_spaces();
    p.i = t.i;
    c.year = first;
    c.month = second;
    c.day = third;
    Ok(false)
}

/// `@<seconds>` as `strtoul` reads it (leading blanks, a sign), then the
/// calendar date of that time, which must lie in systemd's years.
fn timestamp(p: &mut Cur, c: &mut Calendar) -> R<()> {
    while matches!(p.peek(), b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
        p.i += 1;
    }
    let negative = match p.peek() {
        b'-' => {
            p.i += 1;
            true
        }
        b'+' => {
            p.i += 1;
            false
        }
        _ => false,
    };
    let v = p.number()?;
    // strtoul negates in unsigned arithmetic; time_t is then signed.
    let t = (if negative { v.wrapping_neg() } else { v }).cast_signed();
    let year = if t < 0 {
        MIN_YEAR - 1
    } else {
        // Days since the epoch to a civil year (Howard Hinnant's algorithm).
        let z = t / 86_400 + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        yoe + era * 400 + i64::from(m <= 2)
    };
    c.year = Some(vec![Component {
        start: year,
        stop: -1,
        repeat: 0,
    }]);
    Ok(())
}

fn constant(v: i64) -> Chain {
    Some(vec![Component {
        start: v,
        stop: -1,
        repeat: 0,
    }])
}

fn parse_time(p: &mut Cur, c: &mut Calendar) -> R<()> {
    if p.peek() == 0 {
        c.hour = constant(0);
        c.minute = constant(0);
        c.second = constant(0);
        return Ok(());
    }
    c.hour = parse_chain(p, false)?;
    if p.peek() != b':' {
        return Err("expected `:` after the hour");
    }
    p.i += 1;
    c.minute = parse_chain(p, false)?;
    if p.peek() == 0 {
        c.second = constant(0);
        return Ok(());
    }
    if p.peek() != b':' {
        return Err(BAD);
    }
    p.i += 1;
    c.second = parse_chain(p, true)?;
    if p.peek() != 0 {
        return Err(BAD);
    }
    Ok(())
}

/// `normalize_chain()`'s effect on the checks: ranges shortened to a multiple
/// of the repetition, and repetitions that cannot fire dropped.
fn normalize(chain: &mut Chain, year: bool) {
    for c in chain.iter_mut().flatten() {
        if year {
            for v in [&mut c.start, &mut c.stop] {
                if (0..70).contains(v) {
                    *v += 2000;
                } else if (70..100).contains(v) {
                    *v += 1900;
                }
            }
        }
        if c.stop > c.start && c.repeat > 0 {
            c.stop -= (c.stop - c.start) % c.repeat;
        }
        if (c.stop > c.start && c.repeat > 0 && c.start + c.repeat > c.stop) || c.start == c.stop {
            c.repeat = 0;
            c.stop = -1;
        }
    }
}

/// `chain_valid()`.
fn chain_valid(chain: &Chain, from: i64, mut to: i64, end_of_month: bool) -> bool {
    if end_of_month {
        to -= 3;
    }
    chain.iter().flatten().all(|c| {
        (from..=to).contains(&c.start)
            && c.repeat <= to - from
            && if c.stop >= 0 {
                (from..=to).contains(&c.stop) && c.start + c.repeat <= c.stop
            } else if end_of_month {
                c.start - c.repeat >= from
            } else {
                c.start + c.repeat <= to
            }
    })
}

const SHORTHANDS: &[&str] = &[
    "minutely",
    "hourly",
    "daily",
    "monthly",
    "weekly",
    "yearly",
    "annually",
    "anually",
    "quarterly",
    "semiannually",
    "semi-annually",
    "biannually",
    "bi-annually",
];

/// `Err(reason)` when systemd would refuse `s` as `OnCalendar=`.
pub fn check_calendar(s: &str) -> R<()> {
    // Not systemd's check but the unit file's: no line break, no control
    // character can be written into `OnCalendar=`.
    if s.chars().any(char::is_control) {
        return Err("control characters cannot be written into a unit file");
    }
    let mut rest = s;
    if s.len() >= 4
        && s.is_char_boundary(s.len() - 4)
        && s[s.len() - 4..].eq_ignore_ascii_case(" UTC")
    {
        rest = &s[..s.len() - 4];
    } else if let Some((head, zone)) = s.rsplit_once(' ') {
        // systemd also accepts the host's local zone abbreviations (`CET`,
        // `CEST`, …): unknowable here, so only zone names count.
        if is_time_zone(zone) {
            rest = head;
        }
    }
    if rest.is_empty() {
        return Err("empty");
    }
    if SHORTHANDS.iter().any(|w| rest.eq_ignore_ascii_case(w)) {
        return Ok(());
    }
    let mut c = Calendar::default();
    let mut p = Cur {
        s: rest.as_bytes(),
        i: 0,
    };
    parse_weekdays(&mut p)?;
    if !parse_date(&mut p, &mut c)? {
        parse_time(&mut p, &mut c)?;
    }
    if p.peek() != 0 {
        return Err(BAD);
    }
    if c.end_of_month && c.day.is_none() {
        c.end_of_month = false;
    }
    normalize(&mut c.year, true);
    for chain in [
        &mut c.month,
        &mut c.day,
        &mut c.hour,
        &mut c.minute,
        &mut c.second,
    ] {
        normalize(chain, false);
    }
    let valid = chain_valid(&c.year, MIN_YEAR, MAX_YEAR, false)
        && chain_valid(&c.month, 1, 12, false)
        && chain_valid(&c.day, 1, 31, c.end_of_month)
        && chain_valid(&c.hour, 0, 23, false)
        && chain_valid(&c.minute, 0, 59, false)
        && chain_valid(&c.second, 0, 60 * USEC_PER_SEC - 1, false);
    if valid {
        Ok(())
    } else {
        Err("a value, range or repetition out of its field's range")
    }
}

pub fn is_calendar(s: &str) -> bool {
    check_calendar(s).is_ok()
}

/// A last word that looks like a zone name but is not in the embedded list.
fn unknown_zone(s: &str) -> Option<&str> {
    let (_, last) = s.rsplit_once(' ')?;
    (last.contains('/') && !is_time_zone(last)).then_some(last)
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let cal = &spec.cleanup.on_calendar;
    if let Err(reason) = check_calendar(&cal.value) {
        let zone = unknown_zone(&cal.value);
        let label = if zone.is_some() {
            "an unknown time zone"
        } else {
            reason
        };
        let help = match zone {
            Some(zone) => format!(
                "`{}` is not a time zone of tzdata {}; e.g. `Europe/Berlin`, `America/New_York`, `UTC`",
                zone.escape_debug(),
                tzdata_version()
            ),
            None => "see `man systemd.time`, section CALENDAR EVENTS; `systemd-analyze calendar '…'` tests one".into(),
        };
        diags.push(super::invalid(
            "spec::on-calendar",
            format!(
                "`{}` is not a systemd calendar expression",
                cal.value.escape_debug()
            ),
            cal.span,
            label,
            &help,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            // Issue 17: the shape of a zone or a range, which systemd refuses.
            "*-*-* 00:00 Europe/Berlim",
            "*-*-* 5..1:00",
            "*:0/0",
        ] {
            assert!(!is_calendar(bad), "{bad}");
        }
    }

    #[test]
    fn embedded_zones() {
        assert_eq!(tzdata_version(), "2025b");
        assert!(is_time_zone("Europe/Berlin"));
        assert!(is_time_zone("UTC"));
        assert!(!is_time_zone("Europe/Berlim"));
        assert!(!is_time_zone("# IANA"));
        assert!(!is_time_zone(""));
    }
}
