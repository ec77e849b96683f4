//! AeroSpace's commands and their grammar, as data. Each command has one or
//! more forms written in a small synopsis language close to AeroSpace's own
//! (`docs/aerospace-*.adoc`, `grammar/commands-bnf-grammar.txt`, as collected in
//! `aerospace-schema.json` → `commands`):
//!
//! - `[--flag]`, `[--flag <kind>]`: an optional flag; `[--a|--b]` two flags that
//!   exclude each other; `--flag <kind>`: a required flag. `<kind>...` after a
//!   flag takes every following word up to the next flag; `<no?>` takes an
//!   optional `no`. Flags may come anywhere before `--`, as AeroSpace allows.
//! - `(a|b)`: a required word from a set; `[a|b]`: an optional one.
//! - `<kind>`: a required argument; `<kind>...`: one or more.
//! - `[--]`: an optional `--` before the arguments; `--`: a required one.
//!
//! Argument kinds are checked by [`check_kind`] (numbers, workspace names, modes,
//! binding keys) or are a set from [`ENUMS`].

use std::ops::Range;

use crate::diagnostics::did_you_mean;

use super::keys;
use super::workspace_name_problem;

/// Command name → its forms. Sorted as AeroSpace's `CmdKind`.
pub const COMMANDS: &[(&str, &[&str])] = &[
    ("balance-sizes", &["[--workspace <workspace>]"]),
    (
        "close",
        &["[--quit-if-last-window] [--window-id <window-id>]"],
    ),
    (
        "close-all-windows-but-current",
        &["[--quit-if-last-window]"],
    ),
    (
        "config",
        &[
            "--get <text> [--json] [--keys]",
            "--major-keys",
            "--all-keys",
            "--config-path",
        ],
    ),
    ("debug-windows", &["[--window-id <window-id>]"]),
    (
        "echo",
        &["[--stderr] [--window-id <window-id>] -- <text>..."],
    ),
    ("enable", &["(toggle)", "[--fail-if-noop] (on|off)"]),
    ("false", &[""]),
    ("flatten-workspace-tree", &["[--workspace <workspace>]"]),
    (
        "focus",
        &[
            "[--ignore-floating] [--wrap-around] [--boundaries <boundary>] [--boundaries-action <focus-boundaries-action>] [--fail-if-fullscreen] [--fail-if-macos-native-fullscreen] (left|down|up|right)",
            "[--ignore-floating] [--wrap-around] [--boundaries-action <focus-boundaries-action>] (dfs-next|dfs-prev)",
            "--window-id <window-id>",
            "--dfs-index <number>",
        ],
    ),
    ("focus-back-and-forth", &[""]),
    (
        "focus-monitor",
        &[
            "[--wrap-around] (left|down|up|right|next|prev)",
            "[--] <monitor-pattern>...",
        ],
    ),
    (
        "fullscreen",
        &[
            "[--no-outer-gaps] [--window-id <window-id>]",
            "[--no-outer-gaps] [--fail-if-noop] [--window-id <window-id>] (on)",
            "[--fail-if-noop] [--window-id <window-id>] (off)",
        ],
    ),
    (
        "join-with",
        &["[--window-id <window-id>] (left|down|up|right)"],
    ),
    (
        "layout",
        &[
            "[--window-id <window-id>|--workspace <workspace>] [--root] [--fail-if-noop] <layout>...",
        ],
    ),
    (
        "list-apps",
        &["[--macos-native-hidden <no?>] [--format <text>] [--count] [--json]"],
    ),
    ("list-exec-env-vars", &[""]),
    ("list-modes", &["[--current] [--count] [--json]"]),
    (
        "list-monitors",
        &["[--focused <no?>] [--mouse <no?>] [--format <text>] [--count] [--json]"],
    ),
    (
        "list-windows",
        &[
            "[--workspace <text>...] [--monitor <text>...] [--pid <number>] [--app-bundle-id <text>] [--format <text>] [--count] [--json]",
            "[--all|--focused] [--format <text>] [--count] [--json]",
        ],
    ),
    (
        "list-workspaces",
        &[
            "--monitor <text>... [--visible <no?>] [--empty <no?>] [--format <text>] [--count] [--json]",
            "[--all|--focused] [--format <text>] [--count] [--json]",
        ],
    ),
    (
        "macos-native-fullscreen",
        &["[--fail-if-noop] [--window-id <window-id>] [on|off]"],
    ),
    ("macos-native-minimize", &["[--window-id <window-id>]"]),
    ("mode", &["[--] <mode>"]),
    (
        "move",
        &[
            "[--window-id <window-id>] [--boundaries <boundary>] [--boundaries-action <move-boundaries-action>] [--fail-if-fullscreen] [--fail-if-macos-native-fullscreen] (left|down|up|right)",
        ],
    ),
    (
        "move-mouse",
        &[
            "[--fail-if-noop] (monitor-lazy-center|monitor-force-center|window-lazy-center|window-force-center)",
        ],
    ),
    (
        "move-node-to-monitor",
        &[
            "[--window-id <window-id>] [--focus-follows-window] [--fail-if-noop] [--wrap-around] (left|down|up|right|next|prev)",
            "[--window-id <window-id>] [--focus-follows-window] [--fail-if-noop] [--] <monitor-pattern>...",
        ],
    ),
    (
        "move-node-to-workspace",
        &[
            "[--wrap-around] [--focus-follows-window] [--stdin|--no-stdin] (next|prev)",
            "[--fail-if-noop] [--window-id <window-id>] [--focus-follows-window] [--] <workspace>",
        ],
    ),
    (
        "move-workspace-to-monitor",
        &[
            "[--workspace <workspace>] [--wrap-around] (left|down|up|right|next|prev)",
            "[--workspace <workspace>] [--] <monitor-pattern>...",
        ],
    ),
    (
        "reload-config",
        &["[--no-gui] [--dry-run] [--warnings-as-errors]"],
    ),
    (
        "resize",
        &["[--window-id <window-id>] (smart|smart-opposite|width|height) <amount>"],
    ),
    (
        "run-callback",
        &[
            "[--for-every-window|--window-id <window-id>] (on-window-detected)",
            "(on-focus-changed|on-focused-monitor-changed)",
        ],
    ),
    (
        "split",
        &["[--window-id <window-id>] (horizontal|vertical|opposite)"],
    ),
    ("subscribe", &["[--all] [--no-send-initial] <event>..."]),
    ("summon-workspace", &["[--fail-if-noop] [--] <workspace>"]),
    (
        "swap",
        &[
            "[--swap-focus] [--wrap-around] [--window-id <window-id>] (left|down|up|right|dfs-next|dfs-prev)",
        ],
    ),
    ("test", &["<text> (=|~=) <text>"]),
    ("test-not", &["<text> (=|~=) <text>"]),
    ("trigger-binding", &["--mode <mode> [--] <binding>"]),
    ("true", &[""]),
    (
        "volume",
        &[
            "[--no-gui] (up|down|mute-toggle|mute-on|mute-off)",
            "[--no-gui] (set) <number>",
        ],
    ),
    (
        "workspace",
        &[
            "[--auto-back-and-forth|--fail-if-noop] [--] <workspace>",
            "[--wrap-around] [--stdin|--no-stdin] (next|prev)",
        ],
    ),
    ("workspace-back-and-forth", &[""]),
];

/// Deprecated spellings AeroSpace still accepts, and the command they are.
pub const ALIASES: &[(&str, &str)] = &[
    ("move-through", "move"),
    ("move-workspace-to-display", "move-workspace-to-monitor"),
];

/// Commands that exist but cannot be used in the config.
const NOT_IN_CONFIG: &[(&str, &str)] = &[(
    "eval",
    "`eval` is forbidden in the config (AeroSpace: \"Illegal eval\"); write the commands themselves",
)];

/// Sets of words an argument may be.
pub const ENUMS: &[(&str, &[&str])] = &[
    ("boundary", &["workspace", "all-monitors-outer-frame"]),
    (
        "focus-boundaries-action",
        &[
            "stop",
            "fail",
            "wrap-around-the-workspace",
            "wrap-around-all-monitors",
        ],
    ),
    (
        "move-boundaries-action",
        &["stop", "fail", "create-implicit-container"],
    ),
    (
        "layout",
        &[
            "h_tiles",
            "v_tiles",
            "h_accordion",
            "v_accordion",
            "tiles",
            "accordion",
            "horizontal",
            "vertical",
            "tiling",
            "floating",
            // legacy aliases
            "list",
            "h_list",
            "v_list",
        ],
    ),
    (
        "event",
        &[
            "focus-changed",
            "focused-monitor-changed",
            "focused-workspace-changed",
            "mode-changed",
            "window-detected",
            "binding-triggered",
        ],
    ),
];

/// What the checker knows of the config around a command.
pub struct Context<'a> {
    /// Binding modes the config declares (`mode X` to another one leaves no bindings).
    pub modes: &'a [&'a str],
    /// `enable-normalization-flatten-containers` is on (AeroSpace then rejects `split`).
    pub flatten_containers: bool,
}

/// A problem in a command: the byte range in the command string, what, a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl CommandError {
    fn new(range: Range<usize>, message: String, label: &str) -> Self {
        CommandError {
            range,
            message,
            label: label.to_owned(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// One word of a command and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: Range<usize>,
}

/// Characters AeroSpace's command lexer refuses in a bare word.
pub const RESERVED_CHARS: &[char] = &[
    '(', ')', '$', '~', '&', '?', '*', '!', '\\', '|', '<', '>', '`', '\'', '"', '#',
];

/// Splits one command into words as AeroSpace's shell lexer does, but refuses
/// what makes a string more than one command (`;`, `&&`, `||`, `|`, parentheses,
/// newlines: AeroSpace ≥ 0.21 only; devbox-gen writes one command per array
/// element, which every version reads) and comments.
pub fn lex(raw: &str) -> Result<Vec<Word>, CommandError> {
    let mut words = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        // Any whitespace but a newline (which joins commands, below) separates
        // words: the word arm stops at whitespace, so one it did not skip here
        // would be an empty word, forever (found by fuzzing: a `\x0b`).
        if c.is_whitespace() && c != '\n' {
            chars.next();
            continue;
        }
        let several = || "write each command as its own string in a list: `[ \"move-node-to-workspace 1\" \"workspace 1\" ]`";
        match c {
            ';' | '|' | '&' | '(' | ')' | '\n' => {
                let len = if matches!(c, '|' | '&') && raw[i + 1..].starts_with(c) {
                    2
                } else {
                    c.len_utf8()
                };
                let shown = if c == '\n' {
                    "a newline".to_owned()
                } else {
                    format!("`{}`", &raw[i..i + len])
                };
                return Err(CommandError::new(
                    i..i + len,
                    format!("{shown} joins commands: one string holds one AeroSpace command"),
                    "not part of a command",
                )
                .help(several()));
            }
            '#' => {
                return Err(CommandError::new(
                    i..raw.len(),
                    "a command string cannot hold a comment".into(),
                    "comment",
                )
                .help("use a Nix comment (`# …`) outside the string"));
            }
            '\'' | '"' => {
                chars.next();
                let start = i + 1;
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    if d == c {
                        end = Some(j);
                        break;
                    }
                }
                let Some(end) = end else {
                    return Err(CommandError::new(
                        i..raw.len(),
                        format!("the quote {c} is not closed"),
                        "unclosed quote",
                    ));
                };
                if let Some(&(j, d)) = chars.peek()
                    && !d.is_whitespace()
                {
                    return Err(CommandError::new(
                        j..j + d.len_utf8(),
                        "AeroSpace needs a space after a closing quote".into(),
                        "here",
                    ));
                }
                words.push(Word {
                    text: raw[start..end].to_owned(),
                    range: i..end + 1,
                });
            }
            _ => {
                let mut end = raw.len();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, ';' | '|' | '&' | '(' | ')') {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let text = &raw[i..end];
                if text != "~="
                    && let Some(r) = text.find(RESERVED_CHARS)
                {
                    let ch = text[r..].chars().next().unwrap_or('?');
                    return Err(CommandError::new(
                        i..end,
                        format!("`{text}` contains `{ch}`, which AeroSpace reserves"),
                        "quote this word",
                    )
                    .help(format!("quote it: '{text}'")));
                }
                words.push(Word {
                    text: text.to_owned(),
                    range: i..end,
                });
            }
        }
    }
    Ok(words)
}

/// Checks one AeroSpace command string (a binding's or a window rule's).
pub fn check(raw: &str, ctx: &Context) -> Result<(), CommandError> {
    if let Some(script) = raw.strip_prefix("exec-and-forget") {
        // AeroSpace hands the rest of the string to /bin/bash -c, as it is.
        if script.trim().is_empty() {
            return Err(CommandError::new(
                0..raw.len(),
                "`exec-and-forget` needs a shell command after it".into(),
                "nothing to run",
            )
            .help("e.g. `exec-and-forget open -n /Applications/Ghostty.app`"));
        }
        if !script.starts_with([' ', '\t']) {
            return Err(CommandError::new(
                0..raw.len(),
                format!(
                    "`{}` is not an AeroSpace command",
                    raw.split_whitespace().next().unwrap_or(raw)
                ),
                "unknown command",
            )
            .help("put a space after `exec-and-forget`"));
        }
        return Ok(());
    }
    let words = lex(raw)?;
    let Some((name, args)) = words.split_first() else {
        return Err(CommandError::new(
            0..raw.len(),
            "empty command".into(),
            "expected an AeroSpace command",
        ));
    };
    if name.text == "exec-and-forget" {
        return Err(CommandError::new(
            name.range.clone(),
            "`exec-and-forget` must start the string".into(),
            "here",
        )
        .help("remove what comes before it"));
    }
    if let Some((_, why)) = NOT_IN_CONFIG.iter().find(|(n, _)| *n == name.text) {
        return Err(CommandError::new(
            name.range.clone(),
            format!("`{}` cannot be used in the config", name.text),
            "not allowed here",
        )
        .help(*why));
    }
    let canonical = ALIASES
        .iter()
        .find(|(a, _)| *a == name.text)
        .map_or(name.text.as_str(), |(_, c)| c);
    let Some((cmd, forms)) = COMMANDS.iter().find(|(n, _)| *n == canonical) else {
        let candidates = COMMANDS.iter().map(|(n, _)| *n).chain(["exec-and-forget"]);
        let e = CommandError::new(
            name.range.clone(),
            format!("`{}` is not an AeroSpace command", name.text),
            "unknown command",
        );
        return Err(match did_you_mean(&name.text, candidates) {
            Some(g) => e.help(format!(
                "did you mean `{}`?",
                replace_word(raw, &name.range, g)
            )),
            None if name.text == "exec" || name.text == "run" || name.text == "open" => {
                e.help("run a program with `exec-and-forget <shell command>`")
            }
            None => e.help("see https://nikitabobko.github.io/AeroSpace/commands"),
        });
    };
    if *cmd == "split" && ctx.flatten_containers {
        return Err(CommandError::new(
            name.range.clone(),
            "`split` is rejected while `enable-normalization-flatten-containers = true`".into(),
            "not usable with AeroSpace's normalizations",
        )
        .help("the generated config keeps AeroSpace's default normalizations; use `join-with <direction>` instead"));
    }
    let mut best: Option<(usize, bool, CommandError)> = None;
    for form in forms.iter() {
        let form = Form::parse(form);
        match form.matches(cmd, args, ctx) {
            Ok(()) => return Ok(()),
            Err((progress, e)) => {
                let e = with_fixed_command(raw, e);
                let has_guess = e
                    .help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean"));
                let better = match &best {
                    None => true,
                    Some((p, g, _)) => progress > *p || (progress == *p && has_guess && !g),
                };
                if better {
                    best = Some((progress, has_guess, e));
                }
            }
        }
    }
    Err(best.map_or_else(
        || CommandError::new(0..raw.len(), format!("`{cmd}` has no usable form"), "here"),
        |(_, _, e)| e,
    ))
}

/// A guess for one word becomes a guess for the whole command: `focus lft` →
/// did you mean `focus left`?
fn with_fixed_command(raw: &str, mut e: CommandError) -> CommandError {
    if let Some(h) = &e.help
        && let Some(g) = h
            .strip_prefix("did you mean `")
            .and_then(|r| r.strip_suffix("`?"))
        && raw.get(e.range.clone()).is_some()
    {
        e.help = Some(format!(
            "did you mean `{}`?",
            replace_word(raw, &e.range, g)
        ));
    }
    e
}

/// `raw` with the word at `range` replaced; control characters shown escaped.
fn replace_word(raw: &str, range: &Range<usize>, with: &str) -> String {
    let fixed = format!("{}{with}{}", &raw[..range.start], &raw[range.end..]);
    if fixed.chars().any(char::is_control) {
        fixed.escape_debug().to_string()
    } else {
        fixed
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Elem<'s> {
    /// `[--a|--b <k>]` or `--a <k>` (then `required`).
    Flags { alts: Vec<Flag<'s>>, required: bool },
    /// `(a|b)` or `[a|b]`.
    Words { set: Vec<&'s str>, required: bool },
    /// `<kind>` or `<kind>...`.
    Arg { kind: &'s str, many: bool },
    /// `[--]` or `--`.
    DashDash { required: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Flag<'s> {
    name: &'s str,
    /// `<kind>`, `<kind>...`, or `<no?>`.
    arg: Option<(&'s str, bool)>,
}

struct Form<'s> {
    elems: Vec<Elem<'s>>,
}

/// The arguments of a flag or an argument in a synopsis (`<window-id>`).
fn placeholder(s: &str) -> Option<(&str, bool)> {
    let (s, many) = match s.strip_suffix("...") {
        Some(s) => (s, true),
        None => (s, false),
    };
    s.strip_prefix('<')?.strip_suffix('>').map(|k| (k, many))
}

impl<'s> Form<'s> {
    /// Reads one form of the synopsis language (the tables above are tested to
    /// be well-formed, so this never fails on them).
    fn parse(src: &'s str) -> Form<'s> {
        let mut elems = Vec::new();
        let mut rest = src.trim_start();
        while !rest.is_empty() {
            let bracket = match rest.as_bytes()[0] {
                b'[' => Some((']', false)),
                b'(' => Some((')', true)),
                _ => None,
            };
            if let Some((close, required)) = bracket {
                let r = &rest[1..];
                let end = r.find(close).unwrap_or(r.len());
                let inner = r[..end].trim();
                rest = r.get(end + 1..).unwrap_or_default().trim_start();
                if inner == "--" {
                    elems.push(Elem::DashDash { required });
                } else if inner.starts_with("--") {
                    elems.push(Elem::Flags {
                        alts: inner.split('|').map(parse_flag).collect(),
                        required,
                    });
                } else {
                    elems.push(Elem::Words {
                        set: inner.split('|').map(str::trim).collect(),
                        required,
                    });
                }
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let tok = &rest[..end];
            rest = rest[end..].trim_start();
            if tok == "--" {
                elems.push(Elem::DashDash { required: true });
            } else if tok.starts_with("--") {
                let mut arg = None;
                if rest.starts_with('<') {
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    arg = placeholder(&rest[..end]);
                    rest = rest[end..].trim_start();
                }
                elems.push(Elem::Flags {
                    alts: vec![Flag { name: tok, arg }],
                    required: true,
                });
            } else if let Some((kind, many)) = placeholder(tok) {
                elems.push(Elem::Arg { kind, many });
            }
        }
        Form { elems }
    }

    fn flags(&self) -> impl Iterator<Item = (&Flag<'s>, usize)> {
        self.elems.iter().enumerate().flat_map(|(i, e)| match e {
            Elem::Flags { alts, .. } => alts.iter().map(|f| (f, i)).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }

    /// `Err((words consumed, problem))` when the arguments do not fit this form.
    fn matches(
        &self,
        cmd: &str,
        args: &[Word],
        ctx: &Context,
    ) -> Result<(), (usize, CommandError)> {
        let positional: Vec<&Elem> = self
            .elems
            .iter()
            .filter(|e| matches!(e, Elem::Words { .. } | Elem::Arg { .. }))
            .collect();
        let dashdash = self.elems.iter().find_map(|e| match e {
            Elem::DashDash { required } => Some(*required),
            _ => None,
        });
        let mut used_groups: Vec<(usize, &str)> = Vec::new();
        let mut seen_dashdash = false;
        let mut pos = 0usize; // index into `positional`
        let mut pos_count = 0usize; // values taken by the current positional
        let mut i = 0;
        while i < args.len() {
            let w = &args[i];
            if !seen_dashdash && w.text == "--" && dashdash.is_some() && pos == 0 && pos_count == 0
            {
                seen_dashdash = true;
                i += 1;
                continue;
            }
            if !seen_dashdash && w.text.starts_with("--") {
                let Some((flag, group)) = self.flags().find(|(f, _)| f.name == w.text) else {
                    return Err((i, self.unknown_flag(cmd, w)));
                };
                if let Some((_, other)) = used_groups.iter().find(|(g, _)| *g == group) {
                    let msg = if *other == flag.name {
                        format!("`{}` is given twice", flag.name)
                    } else {
                        format!("`{}` and `{other}` exclude each other", flag.name)
                    };
                    return Err((
                        i,
                        CommandError::new(w.range.clone(), msg, "conflicting flag"),
                    ));
                }
                used_groups.push((group, flag.name));
                i += 1;
                if let Some((kind, many)) = flag.arg {
                    if kind == "no?" {
                        if args.get(i).is_some_and(|n| n.text == "no") {
                            i += 1;
                        }
                        continue;
                    }
                    let mut taken = 0;
                    while let Some(n) = args.get(i) {
                        if n.text.starts_with("--") || (taken > 0 && !many) {
                            break;
                        }
                        check_kind(kind, n, ctx).map_err(|e| (i, e))?;
                        taken += 1;
                        i += 1;
                    }
                    if taken == 0 {
                        return Err((
                            i,
                            CommandError::new(
                                w.range.clone(),
                                format!("`{}` needs a value (`<{kind}>`)", flag.name),
                                "value missing",
                            ),
                        ));
                    }
                }
                continue;
            }
            // A positional word.
            let Some(elem) = positional.get(pos) else {
                return Err((
                    i,
                    CommandError::new(
                        w.range.clone(),
                        format!("`{cmd}` takes no more arguments, found `{}`", w.text),
                        "unexpected argument",
                    ),
                ));
            };
            match elem {
                Elem::Words { set, required } => {
                    if set.contains(&w.text.as_str()) {
                        pos += 1;
                        i += 1;
                    } else if !*required {
                        pos += 1; // skip the optional word, try the next element
                    } else {
                        let expected = set.join("|");
                        let e = CommandError::new(
                            w.range.clone(),
                            format!("`{cmd}` expects {expected} here, found `{}`", w.text),
                            &format!("expected {expected}"),
                        );
                        let e = match did_you_mean(&w.text, set.iter().copied()) {
                            Some(g) => e.help(format!("did you mean `{g}`?")),
                            None => e,
                        };
                        return Err((i, e));
                    }
                }
                Elem::Arg { kind, many } => {
                    check_kind(kind, w, ctx).map_err(|e| (i, e))?;
                    i += 1;
                    if *many {
                        pos_count += 1;
                    } else {
                        pos += 1;
                    }
                }
                _ => {}
            }
        }
        if dashdash == Some(true) && !seen_dashdash {
            return Err((
                args.len(),
                CommandError::new(
                    args.last().map_or(0..0, |w| w.range.clone()),
                    format!("`{cmd}` needs `--` before its arguments"),
                    "`--` missing",
                ),
            ));
        }
        for (k, elem) in self.elems.iter().enumerate() {
            if let Elem::Flags {
                alts,
                required: true,
            } = elem
                && !used_groups.iter().any(|(g, _)| *g == k)
            {
                return Err((
                    args.len(),
                    missing(args, format!("`{cmd}` needs `{}`", alts[0].name)),
                ));
            }
        }
        // Positionals not given: fine if optional, or a variadic that took some.
        for (j, elem) in positional.iter().enumerate().skip(pos) {
            let given = j == pos && pos_count > 0;
            match elem {
                Elem::Words {
                    required: true,
                    set,
                } => {
                    return Err((
                        args.len(),
                        missing(args, format!("`{cmd}` needs one of {}", set.join("|"))),
                    ));
                }
                Elem::Arg { kind, .. } if !given => {
                    return Err((
                        args.len(),
                        missing(args, format!("`{cmd}` needs `<{kind}>`")),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn unknown_flag(&self, cmd: &str, w: &Word) -> CommandError {
        let e = CommandError::new(
            w.range.clone(),
            format!("`{cmd}` has no flag `{}` in this form", w.text),
            "unknown flag",
        );
        let all: Vec<&str> = COMMANDS
            .iter()
            .filter(|(n, _)| *n == cmd)
            .flat_map(|(_, forms)| forms.iter())
            .flat_map(|f| {
                Form::parse(f)
                    .flags()
                    .map(|(fl, _)| fl.name)
                    .collect::<Vec<_>>()
            })
            .collect();
        if all.contains(&w.text.as_str()) {
            return CommandError {
                message: format!(
                    "`{}` cannot be used with these arguments of `{cmd}`",
                    w.text
                ),
                ..e
            };
        }
        match did_you_mean(&w.text, all.iter().copied()) {
            Some(g) => e.help(format!("did you mean `{g}`?")),
            None if all.is_empty() => CommandError {
                message: format!("`{cmd}` takes no flags, found `{}`", w.text),
                ..e
            },
            None => {
                let mut all = all;
                all.sort_unstable();
                all.dedup();
                e.help(format!("flags of `{cmd}`: {}", all.join(", ")))
            }
        }
    }
}

fn missing(args: &[Word], message: String) -> CommandError {
    let range = args.last().map_or(0..0, |w| w.range.end..w.range.end);
    CommandError::new(range, message, "something is missing after this")
}

fn parse_flag(s: &str) -> Flag<'_> {
    let mut parts = s.split_whitespace();
    let name = parts.next().unwrap_or_default();
    Flag {
        name,
        arg: parts.next().and_then(placeholder),
    }
}

/// Checks one argument of a kind the synopses name.
pub fn check_kind(kind: &str, w: &Word, ctx: &Context) -> Result<(), CommandError> {
    let bad = |msg: String, label: &str| Err(CommandError::new(w.range.clone(), msg, label));
    let s = w.text.as_str();
    match kind {
        "text" | "monitor-pattern" => {
            if s.is_empty() && kind == "monitor-pattern" {
                return bad("a monitor pattern cannot be empty".into(), "empty");
            }
            Ok(())
        }
        "window-id" | "number" => {
            if s.parse::<u32>().is_ok() {
                Ok(())
            } else {
                bad(format!("`{s}` is not a whole number"), "expected a number")
            }
        }
        "amount" => {
            let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
            if digits.parse::<u32>().is_ok() {
                Ok(())
            } else {
                bad(
                    format!("`{s}` is not a size: `+N` grows, `-N` shrinks, `N` sets"),
                    "expected [+|-]<number>",
                )
            }
        }
        "workspace" => match workspace_name_problem(s) {
            None => Ok(()),
            Some(why) => Err(CommandError::new(
                w.range.clone(),
                why,
                "not a workspace name",
            )),
        },
        "mode" => {
            if ctx.modes.contains(&s) {
                return Ok(());
            }
            let e = CommandError::new(
                w.range.clone(),
                format!("binding mode `{s}` is not declared"),
                "unknown mode",
            );
            // AeroSpace would switch to it and leave you with no bindings at all.
            Err(match did_you_mean(s, ctx.modes.iter().copied()) {
                Some(g) => e.help(format!("did you mean `{g}`?")),
                None => e.help(format!(
                    "the config declares the modes {}; switching to another one leaves no key bound",
                    ctx.modes.join(", ")
                )),
            })
        }
        "binding" => keys::parse(s).map(|_| ()).map_err(|k| CommandError {
            range: w.range.start + k.range.start + usize::from(quoted(w))
                ..w.range.start + k.range.end + usize::from(quoted(w)),
            message: k.message,
            label: k.label,
            help: k.help,
        }),
        _ => match ENUMS.iter().find(|(n, _)| *n == kind) {
            Some((_, set)) if set.contains(&s) => Ok(()),
            Some((_, set)) => {
                let e = CommandError::new(
                    w.range.clone(),
                    format!("`{s}` is not a {kind} (expected {})", set.join("|")),
                    &format!("expected <{kind}>"),
                );
                Err(match did_you_mean(s, set.iter().copied()) {
                    Some(g) => e.help(format!("did you mean `{g}`?")),
                    None => e,
                })
            }
            None => Ok(()),
        },
    }
}

fn quoted(w: &Word) -> bool {
    w.range.len() == w.text.len() + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: Context = Context {
        modes: &["main", "service"],
        flatten_containers: true,
    };

    fn err(raw: &str) -> CommandError {
        check(raw, &CTX)
            .err()
            .unwrap_or_else(|| panic!("{raw} should be rejected"))
    }

    #[test]
    fn any_whitespace_separates_words_and_lexing_ends() {
        // Found by fuzzing: a vertical tab before a word made `lex` push empty
        // words forever (out of memory).
        for raw in [
            "layout flo\x01\x0bing tiling",
            "a\x0bb",
            "\u{a0}x",
            "x\r",
            "\x0c",
        ] {
            let words = lex(raw).map(|w| w.len()).unwrap_or(0);
            assert!(words <= raw.len(), "{raw:?}: {words} words");
        }
        let words: Vec<String> = lex("layout\x0bfloating\u{a0}tiling")
            .map(|w| w.into_iter().map(|w| w.text).collect())
            .unwrap_or_default();
        assert_eq!(words, ["layout", "floating", "tiling"]);
        assert!(check("layout flo\x01\x0bing tiling", &CTX).is_err());
    }

    #[test]
    fn every_form_is_well_formed() {
        const KINDS: &[&str] = &[
            "text",
            "monitor-pattern",
            "window-id",
            "number",
            "amount",
            "workspace",
            "mode",
            "binding",
            "no?",
        ];
        let known = |k: &str| KINDS.contains(&k) || ENUMS.iter().any(|(n, _)| *n == k);
        for (name, forms) in COMMANDS {
            for f in forms.iter() {
                let form = Form::parse(f);
                // Every element of the source became one element.
                let groups = f.matches('[').count() + f.matches('(').count();
                assert!(form.elems.len() >= groups, "{name}: {f}");
                for e in &form.elems {
                    match e {
                        Elem::Arg { kind, .. } => assert!(known(kind), "{name}: {kind}"),
                        Elem::Flags { alts, .. } => {
                            for fl in alts {
                                assert!(
                                    fl.name.starts_with("--") && !fl.name.contains(['[', ']', '|']),
                                    "{name}: {f}"
                                );
                                if let Some((k, _)) = fl.arg {
                                    assert!(known(k), "{name}: {k}");
                                }
                            }
                        }
                        Elem::Words { set, .. } => {
                            assert!(
                                set.iter()
                                    .all(|w| !w.is_empty() && !w.contains(['<', '[', '(', ' '])),
                                "{name}: {f}"
                            );
                        }
                        Elem::DashDash { .. } => {}
                    }
                }
            }
        }
    }

    #[test]
    fn accepts_aerospace_default_commands() {
        for ok in [
            "layout tiles horizontal vertical",
            "layout accordion horizontal vertical",
            "layout floating tiling",
            "focus left",
            "focus --boundaries all-monitors-outer-frame --boundaries-action wrap-around-all-monitors right",
            "focus dfs-next --wrap-around",
            "move down",
            "resize smart -50",
            "resize smart +50",
            "resize width 800",
            "workspace 1",
            "workspace --auto-back-and-forth T",
            "workspace next --wrap-around",
            "workspace -- 1",
            "move-node-to-workspace A",
            "move-node-to-workspace --focus-follows-window 3",
            "workspace-back-and-forth",
            "move-workspace-to-monitor --wrap-around next",
            "mode service",
            "mode main",
            "reload-config",
            "flatten-workspace-tree",
            "close-all-windows-but-current",
            "join-with left",
            "fullscreen",
            "fullscreen on --no-outer-gaps",
            "macos-native-fullscreen",
            "move-mouse monitor-lazy-center",
            "exec-and-forget open -a 'Ghostty'; echo hi",
            "summon-workspace 2",
            "volume set 30",
            "volume mute-toggle",
            "test %{app-bundle-id} = com.apple.Terminal",
            "trigger-binding --mode main alt-h",
            "focus-monitor --wrap-around next",
            "focus-monitor main secondary",
            "enable toggle",
            "move-through left",
            "swap dfs-next --swap-focus",
            "echo -- hello 'big world'",
            "balance-sizes",
        ] {
            assert_eq!(check(ok, &CTX), Ok(()), "{ok}");
        }
    }

    #[test]
    fn typos_get_a_guess_for_the_whole_command() {
        let e = err("focus lft");
        assert_eq!(e.range, 6..9);
        assert_eq!(e.help.as_deref(), Some("did you mean `focus left`?"));
        let e = err("fcous left");
        assert_eq!(e.help.as_deref(), Some("did you mean `focus left`?"));
        let e = err("layout tile");
        assert_eq!(e.help.as_deref(), Some("did you mean `layout tiles`?"));
        let e = err("focus --wrap-arond left");
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `focus --wrap-around left`?")
        );
        let e = err("mode servce");
        assert_eq!(e.help.as_deref(), Some("did you mean `mode service`?"));
    }

    #[test]
    fn rejects_what_aerospace_rejects() {
        assert!(err("workspace focused").message.contains("reserved"));
        assert!(err("workspace").message.contains("needs"));
        assert!(err("resize smart fifty").message.contains("size"));
        assert!(
            err("focus left right")
                .message
                .contains("no more arguments")
        );
        assert!(err("eval 'focus left'").message.contains("cannot be used"));
        assert!(err("split horizontal").message.contains("split"));
        assert!(
            err("move left; move right")
                .message
                .contains("joins commands")
        );
        assert!(err("workspace 1 && workspace 2").message.contains("joins"));
        assert!(err("echo hello").message.contains("--"));
        assert!(
            err("exec-and-forget")
                .message
                .contains("needs a shell command")
        );
        assert!(err("focus left # go").message.contains("comment"));
        assert!(err("workspace a$b").message.contains("reserves"));
        assert!(
            err("move-node-to-workspace --wrap-around 3")
                .message
                .contains("next|prev")
        );
        assert!(
            err("trigger-binding --mode main alt-H")
                .message
                .contains("key name")
        );
        assert!(err("").message.contains("empty"));
        assert!(err("focus --window-id").message.contains("needs a value"));
        assert!(
            err("workspace --stdin --no-stdin next")
                .message
                .contains("exclude")
        );
    }
}
