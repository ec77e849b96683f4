//! The synopsis language of the command table, read into forms, and a
//! command's words matched against one form.

use crate::diagnostics::did_you_mean;

use super::lex::Word;
use super::table::COMMANDS;
use super::{CommandError, Context, check_kind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Elem<'s> {
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
pub(super) struct Flag<'s> {
    name: &'s str,
    /// `<kind>`, `<kind>...`, or `<no?>`.
    arg: Option<(&'s str, bool)>,
}

pub(super) struct Form<'s> {
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
    pub(super) fn parse(src: &'s str) -> Form<'s> {
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
    pub(super) fn matches(&self, cmd: &str, args: &[Word], ctx: &Context) -> Result<(), Mismatch> {
        let mut m = Matcher {
            form: self,
            cmd,
            args,
            ctx,
            positional: self
                .elems
                .iter()
                .filter(|e| matches!(e, Elem::Words { .. } | Elem::Arg { .. }))
                .collect(),
            dashdash: self.elems.iter().find_map(|e| match e {
                Elem::DashDash { required } => Some(*required),
                _ => None,
            }),
            used_groups: Vec::new(),
            seen_dashdash: false,
            pos: 0,
            pos_count: 0,
        };
        let mut i = 0;
        while i < args.len() {
            let w = &args[i];
            i = if m.opens_arguments(w) {
                m.seen_dashdash = true;
                i + 1
            } else if !m.seen_dashdash && w.text.starts_with("--") {
                m.flag(i)?
            } else {
                m.positional(i)?
            };
        }
        m.dashdash_given()?;
        m.required_flags_given()?;
        m.positionals_given()
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

/// Words consumed before the problem, and the problem: the form that got
/// furthest gives the error.
type Mismatch = (usize, CommandError);

/// Matching one form against a command's words, left to right.
struct Matcher<'f, 's, 'a> {
    form: &'f Form<'s>,
    cmd: &'a str,
    args: &'a [Word],
    ctx: &'a Context<'a>,
    /// The form's words and arguments, in order.
    positional: Vec<&'f Elem<'s>>,
    /// `Some(required)` when the form has a `--`.
    dashdash: Option<bool>,
    /// Flag groups used so far, with the flag given.
    used_groups: Vec<(usize, &'s str)>,
    seen_dashdash: bool,
    /// Index into `positional`.
    pos: usize,
    /// Values taken by the current (variadic) positional.
    pos_count: usize,
}

impl<'s> Matcher<'_, 's, '_> {
    /// A `--` that ends the flags, before any positional.
    fn opens_arguments(&self, w: &Word) -> bool {
        !self.seen_dashdash
            && w.text == "--"
            && self.dashdash.is_some()
            && self.pos == 0
            && self.pos_count == 0
    }

    /// The flag at `i` and its values: the index after them.
    fn flag(&mut self, mut i: usize) -> Result<usize, Mismatch> {
        let w = &self.args[i];
        let Some((flag, group)) = self.form.flags().find(|(f, _)| f.name == w.text) else {
            return Err((i, self.form.unknown_flag(self.cmd, w)));
        };
        if let Some((_, other)) = self.used_groups.iter().find(|(g, _)| *g == group) {
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
        self.used_groups.push((group, flag.name));
        i += 1;
        let Some((kind, many)) = flag.arg else {
            return Ok(i);
        };
        if kind == "no?" {
            if self.args.get(i).is_some_and(|n| n.text == "no") {
                i += 1;
            }
            return Ok(i);
        }
        let mut taken = 0;
        while let Some(n) = self.args.get(i) {
            if n.text.starts_with("--") || (taken > 0 && !many) {
                break;
            }
            check_kind(kind, n, self.ctx).map_err(|e| (i, e))?;
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
        Ok(i)
    }

    /// The positional word at `i`: the index of the next word to read (the
    /// same one when an optional word is skipped).
    fn positional(&mut self, i: usize) -> Result<usize, Mismatch> {
        let (w, cmd) = (&self.args[i], self.cmd);
        let Some(elem) = self.positional.get(self.pos) else {
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
            Elem::Words { set, .. } if set.contains(&w.text.as_str()) => {
                self.pos += 1;
                Ok(i + 1)
            }
            Elem::Words {
                required: false, ..
            } => {
                // Skip the optional word, try the next element.
                self.pos += 1;
                Ok(i)
            }
            Elem::Words { set, .. } => {
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
                Err((i, e))
            }
            Elem::Arg { kind, many } => {
                check_kind(kind, w, self.ctx).map_err(|e| (i, e))?;
                if *many {
                    self.pos_count += 1;
                } else {
                    self.pos += 1;
                }
                Ok(i + 1)
            }
            Elem::Flags { .. } | Elem::DashDash { .. } => Ok(i),
        }
    }

    fn dashdash_given(&self) -> Result<(), Mismatch> {
        if self.dashdash == Some(true) && !self.seen_dashdash {
            return Err((
                self.args.len(),
                CommandError::new(
                    self.args.last().map_or(0..0, |w| w.range.clone()),
                    format!("`{}` needs `--` before its arguments", self.cmd),
                    "`--` missing",
                ),
            ));
        }
        Ok(())
    }

    fn required_flags_given(&self) -> Result<(), Mismatch> {
        for (k, elem) in self.form.elems.iter().enumerate() {
            if let Elem::Flags {
                alts,
                required: true,
            } = elem
                && !self.used_groups.iter().any(|(g, _)| *g == k)
            {
                return Err((
                    self.args.len(),
                    missing(
                        self.args,
                        format!("`{}` needs `{}`", self.cmd, alts[0].name),
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Positionals not given: fine if optional, or a variadic that took some.
    fn positionals_given(&self) -> Result<(), Mismatch> {
        let cmd = self.cmd;
        for (j, elem) in self.positional.iter().enumerate().skip(self.pos) {
            let given = j == self.pos && self.pos_count > 0;
            match elem {
                Elem::Words {
                    required: true,
                    set,
                } => {
                    return Err((
                        self.args.len(),
                        missing(self.args, format!("`{cmd}` needs one of {}", set.join("|"))),
                    ));
                }
                Elem::Arg { kind, .. } if !given => {
                    return Err((
                        self.args.len(),
                        missing(self.args, format!("`{cmd}` needs `<{kind}>`")),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::super::table::ENUMS;
    use super::*;

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
}
