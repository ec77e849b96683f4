//! Diagnostics are plain data until the edge: every stage pushes them into a
//! [`Diagnostics`] sink and keeps going; only `main` renders them (miette or JSON).

pub mod codes;

use std::fmt::Write as _;
use std::rc::Rc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use crate::source::{SourceFile, SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A labelled place in a source file. The first label of a diagnostic is the primary one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `spec::unknown-field`, one of [`codes::CODES`].
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Something the spec allows but probably did not mean: reported, and the
    /// run still succeeds.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The sink every stage pushes into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by place and without repeats: a lazily shared value that fails is
    /// reached from several fields but is one mistake.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.primary_span(), a.code, &a.message).cmp(&(b.primary_span(), b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// How many edits still read as a typo of a word this long.
fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=8 => 2,
        _ => len / 3,
    }
}

/// The help of a "no such name" report: a guess when one is close, else `otherwise`.
pub fn guess_or<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    otherwise: impl Into<String>,
) -> String {
    match did_you_mean(name, candidates) {
        Some(g) => format!("did you mean `{g}`?"),
        None => otherwise.into(),
    }
}

/// The closest candidate to a misspelt name, if it is close enough to be a guess.
pub fn did_you_mean<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let d = strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase());
            (d, c)
        })
        .filter(|(d, c)| *d <= typo_budget(c.chars().count()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Renders diagnostics as rustc-style text (file:line:col, underlined spans).
pub fn render_text(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let files = sources.files();
    let mut out = String::new();
    for d in diags {
        let report = MietteReport::new(d, &files);
        if handler.render_report(&mut out, &report).is_err() {
            let _ = writeln!(out, "error: {}", d.message);
        }
    }
    out
}

/// Machine-readable form for `--message-format json`: one JSON object per line.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let labels: Vec<_> = d
            .labels
            .iter()
            .map(|l| {
                let file = sources.get(l.span.file);
                let (line, column) = file.line_col(l.span.start);
                let (end_line, end_column) = file.line_col(l.span.end);
                serde_json::json!({
                    "file": file.name,
                    "byte_start": l.span.start,
                    "byte_end": l.span.end,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "message": l.message,
                })
            })
            .collect();
        let obj = serde_json::json!({
            "severity": d.severity,
            "code": d.code,
            "message": d.message,
            "labels": labels,
            "help": d.help,
        });
        out.push_str(&obj.to_string());
        out.push('\n');
    }
    out
}

/// Adapter to miette: labels in the primary label's file are drawn there; labels in
/// other files become related reports of their own, so a duplicate across files
/// still shows both places.
#[derive(Debug)]
struct MietteReport<'s> {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<FileSource<'s>>,
    labels: Vec<LabeledSpan>,
    related: Vec<MietteReport<'s>>,
}

/// A spec file as miette reads it: borrowed, because a copy of a large file per
/// report made a few hundred warnings cost more than the whole evaluation.
#[derive(Debug)]
struct FileSource<'s> {
    name: &'s str,
    text: &'s str,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl<'s> MietteReport<'s> {
    fn new(d: &Diagnostic, files: &'s [Rc<SourceFile>]) -> Self {
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut report = MietteReport {
            message: d.message.clone(),
            code: d.code,
            severity,
            help: d.help.clone(),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let Some(primary) = d.primary_span() else {
            return report;
        };
        let file = &files[primary.file.0 as usize];
        report.source = Some(FileSource {
            name: &file.name,
            text: &file.text,
        });
        for (i, l) in d.labels.iter().enumerate() {
            let text = (!l.message.is_empty()).then(|| l.message.clone());
            let at = (l.span.start as usize, l.span.len());
            if l.span.file == primary.file {
                report.labels.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(text, at)
                } else {
                    LabeledSpan::new_with_span(text, at)
                });
            } else {
                let other = &files[l.span.file.0 as usize];
                report.related.push(MietteReport {
                    message: l.message.clone(),
                    code: d.code,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(FileSource {
                        name: &other.name,
                        text: &other.text,
                    }),
                    labels: vec![LabeledSpan::new_primary_with_span(None, at)],
                    related: Vec::new(),
                });
            }
        }
        report
    }
}

impl std::fmt::Display for MietteReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteReport<'_> {}

impl miette::Diagnostic for MietteReport<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn guesses_typos_only() {
        let users = ["coal", "ash"];
        assert_eq!(did_you_mean("cole", users), Some("coal"));
        assert_eq!(did_you_mean("ahs", users), Some("ash"));
        assert_eq!(did_you_mean("zed", users), None);
        let fields = ["owner", "hostname", "autoStart"];
        assert_eq!(did_you_mean("ownr", fields), Some("owner"));
        assert_eq!(did_you_mean("autostart", fields), Some("autoStart"));
        assert_eq!(did_you_mean("memory", fields), None);
    }
}
