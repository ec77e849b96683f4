//! `cleanup.onCalendar` against systemd's own parser: every expression of
//! `tests/calendar/on-calendar.tsv` gets devbox-gen's verdict, and that verdict
//! equals `systemd-analyze calendar`'s (systemd 252 here) unless the corpus marks
//! the line as a deliberate difference (`accept*`/`refuse*` with a note).

mod support;

use std::process::Command;

use devbox_gen::validate::is_calendar;

struct Case {
    line: usize,
    expr: String,
    accept: bool,
    deliberate: bool,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/calendar/on-calendar.tsv"
    ))
    .expect("read the calendar corpus");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
        .map(|(i, l)| {
            let mut cols = l.split('\t');
            let verdict = cols.next().unwrap_or_default();
            let expr = unescape(
                cols.next()
                    .unwrap_or_else(|| panic!("line {}: no tab", i + 1)),
            );
            let deliberate = verdict.ends_with('*');
            assert!(
                !deliberate || cols.next().is_some_and(|n| !n.is_empty()),
                "line {}: a deliberate difference needs a note",
                i + 1
            );
            let accept = match verdict.trim_end_matches('*') {
                "accept" => true,
                "refuse" => false,
                v => panic!("line {}: verdict {v:?}", i + 1),
            };
            Case {
                line: i + 1,
                expr,
                accept,
                deliberate,
            }
        })
        .collect()
}

#[test]
fn corpus_is_large_and_covers_both_verdicts() {
    let cases = corpus();
    assert!(cases.len() >= 300, "{} expressions", cases.len());
    assert!(cases.iter().filter(|c| c.accept).count() >= 100);
    assert!(cases.iter().filter(|c| !c.accept).count() >= 100);
}

#[test]
fn devbox_gen_agrees_with_the_corpus() {
    let wrong: Vec<String> = corpus()
        .iter()
        .filter(|c| is_calendar(&c.expr) != c.accept)
        .map(|c| {
            format!(
                "line {}: {:?}: corpus says accept={}",
                c.line, c.expr, c.accept
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_corpus_agrees_with_systemd_analyze() {
    let Some(exe) = support::tool("systemd-analyze") else {
        return;
    };
    let wrong: Vec<String> = corpus()
        .iter()
        .filter_map(|c| {
            let status = Command::new(&exe)
                .args(["calendar", "--", &c.expr])
                .env("TZ", "UTC")
                .output()
                .expect("run systemd-analyze")
                .status;
            let systemd = status.success();
            // A deliberate difference must still be one, or its note is stale.
            let expected = if c.deliberate { !c.accept } else { c.accept };
            (systemd != expected).then(|| {
                format!(
                    "line {}: {:?}: systemd-analyze accept={systemd}, corpus accept={}{}",
                    c.line,
                    c.expr,
                    c.accept,
                    if c.deliberate {
                        " (marked deliberate)"
                    } else {
                        ""
                    }
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
