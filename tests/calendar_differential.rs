//! `cleanup.onCalendar` against systemd's own parser: every expression of
//! `tests/calendar/on-calendar.tsv` gets devbox-gen's verdict, and that verdict
//! equals `systemd-analyze calendar`'s (systemd 252 here, and the hosts' 257 in the
//! harness's root file system) unless the corpus marks the line as a deliberate
//! difference (`accept*`/`refuse*` with a note).

#![allow(clippy::print_stderr)] // the loud SKIPPED line

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
    disagreements(true, |expr| {
        Command::new(&exe)
            .args(["calendar", "--", expr])
            .env("TZ", "UTC")
            .output()
            .expect("run systemd-analyze")
            .status
            .success()
    });
}

/// The hosts run systemd 257 (NixOS 25.05 and later): the corpus against the
/// `systemd-analyze` of the booted-system harness's Debian 13 root file system
/// (scripts/e2e/rootfs.sh, cached; it carries the full tzdata, with the legacy
/// names NixOS's tzdata has too), run with chroot. Needs root.
#[test]
fn the_corpus_agrees_with_the_hosts_systemd_257() {
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if !root_user {
        assert!(
            std::env::var_os("CI").is_none(),
            "the systemd 257 comparison needs root, and CI is set"
        );
        eprintln!("SKIPPED: not root; the corpus was not compared with systemd 257");
        return;
    }
    let manifest = env!("CARGO_MANIFEST_DIR");
    let rootfs = Command::new("bash")
        .arg(format!("{manifest}/scripts/e2e/rootfs.sh"))
        .output()
        .expect("run rootfs.sh");
    assert!(
        rootfs.status.success(),
        "scripts/e2e/rootfs.sh: {}",
        String::from_utf8_lossy(&rootfs.stderr)
    );
    let tar = String::from_utf8_lossy(&rootfs.stdout).trim().to_owned();
    let dir = tempfile::tempdir_in("/var/tmp").expect("tmp");
    let unpacked = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(dir.path())
        .status()
        .expect("tar");
    assert!(unpacked.success(), "unpacking {tar}");
    let version = Command::new("chroot")
        .arg(dir.path())
        .args(["systemd-analyze", "--version"])
        .output()
        .expect("chroot");
    assert!(
        String::from_utf8_lossy(&version.stdout).starts_with("systemd 257"),
        "{}",
        String::from_utf8_lossy(&version.stdout)
    );
    // The deliberate lines name distribution files (`localtime`, `posix/…`),
    // which this root file system has or lacks as Debian 13 ships it: only
    // the grammar and the zone names are compared here.
    disagreements(false, |expr| {
        Command::new("chroot")
            .arg(dir.path())
            .args(["systemd-analyze", "calendar", "--", expr])
            .env("TZ", "UTC")
            .output()
            .expect("chroot systemd-analyze")
            .status
            .success()
    });
}

/// Every line whose verdict differs from `systemd`'s, in one failure
/// (`deliberate`: also check that the marked lines still differ).
fn disagreements(deliberate: bool, systemd_accepts: impl Fn(&str) -> bool) {
    let wrong: Vec<String> = corpus()
        .iter()
        .filter(|c| deliberate || !c.deliberate)
        .filter_map(|c| {
            let systemd = systemd_accepts(&c.expr);
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
