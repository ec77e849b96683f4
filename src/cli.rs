//! The command line: parses arguments, runs the pipeline, prints reports, picks
//! the exit code. The only module that prints (the `print_*` lints of
//! Cargo.toml keep every other module from it).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::rc::Rc;

use camino::{Utf8Path, Utf8PathBuf};
use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{self, Diagnostic};
use crate::eval::Evaluator;
use crate::model::PodmanVersion;
use crate::source::SourceMap;
use crate::{emit, pipeline};

/// Exit codes, as the README documents them.
pub mod exit {
    pub const OK: u8 = 0;
    pub const STALE: u8 = 1;
    pub const INPUT: u8 = 2;
    pub const OUTPUT: u8 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "devbox-gen",
    version,
    about = "Compile a devbox spec (users.nix, containers.nix, darwin.nix) into Quadlet units, systemd timers and Nix modules",
    after_help = "Exit codes: 0 ok; 1 stale (--check); 2 input problem (spec error, missing spec, usage); 3 output or internal failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How diagnostics are printed.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the generated tree from a spec directory.
    Render {
        /// The spec directory (users.nix, containers.nix, optional darwin.nix).
        spec: Utf8PathBuf,
        /// Where the generated tree goes.
        #[arg(long)]
        out: Utf8PathBuf,
        /// Write nothing; exit 1 with a diff when the tree is stale.
        #[arg(long)]
        check: bool,
        /// Load templates from this directory instead of the embedded ones (template development).
        #[arg(long)]
        templates: Option<Utf8PathBuf>,
        /// The directory `import`, `readFile`, `readDir` and `pathExists` may read in
        /// (it must hold the spec); default: the enclosing git repository, else the spec.
        #[arg(long)]
        root: Option<Utf8PathBuf>,
        /// The podman release of the host(s) whose servers name none in containers.nix
        /// (`servers.<name>.podman`); decides the Quadlet keys the units may use.
        /// 5.0 to 5.4; default 5.0.
        #[arg(long, value_name = "MAJOR.MINOR", value_parser = parse_podman_version)]
        podman_version: Option<PodmanVersion>,
    },
    /// Parse, evaluate and validate a spec directory; write nothing.
    Check {
        /// The spec directory.
        spec: Utf8PathBuf,
        /// As for `render`.
        #[arg(long)]
        root: Option<Utf8PathBuf>,
        /// As for `render`.
        #[arg(long, value_name = "MAJOR.MINOR", value_parser = parse_podman_version)]
        podman_version: Option<PodmanVersion>,
    },
    /// Print a value: a `.nix` file as `nix-instantiate --eval --strict --json` would,
    /// or a spec directory as the decoded spec with defaults filled in.
    Eval {
        /// A `.nix` file or a spec directory.
        path: Utf8PathBuf,
        /// Print compact JSON on one line (the default is indented).
        #[arg(long)]
        json: bool,
        /// As for `render` (a file: default its directory).
        #[arg(long)]
        root: Option<Utf8PathBuf>,
        /// Call a top-level function with NAME set to the Nix expression EXPR
        /// (as nix-instantiate: the function is called only when arguments are given).
        #[arg(long = "arg", num_args = 2, value_names = ["NAME", "EXPR"])]
        args: Vec<String>,
        /// Like --arg, with NAME set to the string STR.
        #[arg(long = "argstr", num_args = 2, value_names = ["NAME", "STR"])]
        argstrs: Vec<String>,
    },
}

/// Prints diagnostics to stderr in the chosen format.
struct Reporter {
    format: MessageFormat,
    color: bool,
}

impl Reporter {
    fn new(format: MessageFormat) -> Self {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Reporter { format, color }
    }

    fn report(&self, diags: &[Diagnostic], sources: &SourceMap) {
        self.report_with(diags, sources, "");
    }

    /// `outcome` completes the closing line, e.g. "; nothing was written".
    fn report_with(&self, diags: &[Diagnostic], sources: &SourceMap, outcome: &str) {
        if diags.is_empty() {
            return;
        }
        let text = match self.format {
            MessageFormat::Human => {
                let mut t = diagnostics::render_text(diags, sources, self.color);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                if errors > 0 {
                    t.push_str(&format!(
                        "error: {errors} error{} found{outcome}\n",
                        if errors == 1 { "" } else { "s" }
                    ));
                }
                t
            }
            MessageFormat::Json => diagnostics::render_json(diags, sources),
        };
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let reporter = Reporter::new(cli.message_format);
    let code = match cli.command {
        Command::Eval {
            path,
            json,
            root,
            args,
            argstrs,
        } => {
            let call = CallArgs {
                exprs: pairs(&args),
                strings: pairs(&argstrs),
            };
            eval(&path, json, root.as_deref(), &call, &reporter)
        }
        Command::Check {
            spec,
            root,
            podman_version,
        } => {
            let compiled = pipeline::check_for_podman(&spec, root.as_deref(), podman_version);
            reporter.report(&compiled.diagnostics, &compiled.sources);
            if compiled.has_errors() {
                exit::INPUT
            } else {
                exit::OK
            }
        }
        Command::Render {
            spec,
            out,
            check,
            templates,
            root,
            podman_version,
        } => render(
            &spec,
            &out,
            check,
            templates.as_deref(),
            root.as_deref(),
            podman_version,
            &reporter,
        ),
    };
    ExitCode::from(code)
}

fn render(
    spec: &Utf8Path,
    out: &Utf8Path,
    check: bool,
    templates: Option<&Utf8Path>,
    root: Option<&Utf8Path>,
    podman: Option<PodmanVersion>,
    reporter: &Reporter,
) -> u8 {
    // The compiler is single-threaded until rendering: read the old tree meanwhile.
    let prefetch = emit::Prefetch::start(out, !check);
    let compiled = pipeline::compile_for_podman(spec, templates, root, podman);
    reporter.report_with(
        &compiled.diagnostics,
        &compiled.sources,
        "; nothing was written",
    );
    if compiled.is_internal_failure() {
        return exit::OUTPUT;
    }
    let failed = compiled.has_errors();
    let Some(tree) = compiled.tree.filter(|_| !failed) else {
        return exit::INPUT;
    };
    if let Err(d) = emit::check_out_dir(spec, out) {
        reporter.report(&[d], &compiled.sources);
        return exit::INPUT;
    }
    if check {
        match emit::check_prefetched(&tree, out, prefetch) {
            Ok(report) if report.is_clean() => exit::OK,
            Ok(report) => {
                let text = match reporter.format {
                    MessageFormat::Human => report.to_text(),
                    MessageFormat::Json => {
                        serde_json::to_string(&report).unwrap_or_default() + "\n"
                    }
                };
                let _ = std::io::stdout().write_all(text.as_bytes());
                exit::STALE
            }
            Err(e) => {
                eprintln!("error: cannot check {out}: {e}");
                exit::OUTPUT
            }
        }
    } else {
        match emit::write_prefetched(&tree, out, prefetch) {
            Ok(summary) => {
                println!("{summary}");
                for path in &summary.kept {
                    eprintln!(
                        "warning: kept {path}: generated earlier and no longer needed, but changed since; it is yours now"
                    );
                }
                for path in &summary.leftovers {
                    eprintln!("removed {path}: a staging file of an interrupted render");
                }
                exit::OK
            }
            Err(e) => {
                eprintln!("error: cannot write the generated tree to {out}: {e}");
                exit::OUTPUT
            }
        }
    }
}

/// `--podman-version`: a release the units can be written for, else a usage error.
fn parse_podman_version(s: &str) -> Result<PodmanVersion, String> {
    let v: PodmanVersion = s.parse()?;
    match v.refusal() {
        None => Ok(v),
        Some(why) => Err(format!(
            "{why}; supported: {} to {}",
            PodmanVersion::OLDEST,
            PodmanVersion::NEWEST
        )),
    }
}

/// `--arg NAME EXPR` and `--argstr NAME STR` of `eval FILE`.
struct CallArgs<'a> {
    exprs: Vec<(&'a str, &'a str)>,
    strings: Vec<(&'a str, &'a str)>,
}

fn pairs(flat: &[String]) -> Vec<(&str, &str)> {
    flat.chunks_exact(2)
        .map(|p| (p[0].as_str(), p[1].as_str()))
        .collect()
}

fn eval(
    path: &Utf8Path,
    compact: bool,
    root: Option<&Utf8Path>,
    call: &CallArgs,
    reporter: &Reporter,
) -> u8 {
    if path.is_dir() {
        let compiled = pipeline::check_with_root(path, root);
        reporter.report(&compiled.diagnostics, &compiled.sources);
        let failed = compiled.has_errors();
        return match compiled.spec.filter(|_| !failed) {
            // Streamed: the model's fields are declared in key order (see `model::Spec`).
            Some(spec) => print_json(&spec, compact),
            None => exit::INPUT,
        };
    }
    let sources = Rc::new(SourceMap::new());
    let dir = path
        .parent()
        .filter(|p| !p.as_str().is_empty())
        .unwrap_or(Utf8Path::new("."));
    let mut evaluator = Evaluator::new(Rc::clone(&sources), dir.to_owned());
    if let Some(root) = root {
        evaluator = evaluator.with_read_root(root);
    }
    let result = evaluator
        .eval_file(path)
        .and_then(|v| {
            if call.exprs.is_empty() && call.strings.is_empty() {
                Ok(v)
            } else {
                evaluator.call_with_arguments(v, &call.exprs, &call.strings, dir)
            }
        })
        .and_then(|v| evaluator.to_json(&v));
    match result {
        Ok(v) => print_json(&v, compact),
        Err(e) => {
            reporter.report(&e.diagnostics, &sources);
            exit::INPUT
        }
    }
}

/// Writes `value` as JSON and a newline to stdout, without building a string first.
fn print_json(value: &impl serde::Serialize, compact: bool) -> u8 {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if compact {
        serde_json::to_writer(&mut out, value)
    } else {
        serde_json::to_writer_pretty(&mut out, value)
    };
    match written
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
    {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            exit::OUTPUT
        }
    }
}
