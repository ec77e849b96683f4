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

mod lex;
mod synopsis;
mod table;

use std::ops::Range;

use crate::diagnostics::did_you_mean;

use super::keys;
use super::workspace_name_problem;

pub use lex::{RESERVED_CHARS, Word, lex};
use synopsis::Form;
use table::NOT_IN_CONFIG;
pub use table::{ALIASES, COMMANDS, ENUMS};

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
