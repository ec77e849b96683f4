//! The whole compiler in one call: read → evaluate → decode → validate → render.
//! Returns data and diagnostics; never prints, never writes.

use std::rc::Rc;

use camino::{Utf8Path, Utf8PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::eval::{Evaluator, Value};
use crate::model::{self, PodmanVersion, Spec, SpecFiles};
use crate::render::{OutputTree, Renderer};
use crate::source::SourceMap;
use crate::validate;

pub struct Compiled {
    pub sources: Rc<SourceMap>,
    pub spec: Option<Spec>,
    pub tree: Option<OutputTree>,
    /// Sorted by place, without repeats.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// A template failed: our bug (or a `--templates` dir's), not the spec's.
    pub fn is_internal_failure(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code.starts_with("render::"))
    }
}

pub const USERS_FILE: &str = "users.nix";
pub const CONTAINERS_FILE: &str = "containers.nix";
/// Optional: the Macs (nix-darwin, home-manager, AeroSpace).
pub const DARWIN_FILE: &str = "darwin.nix";

/// How far a run goes.
#[derive(Clone, Copy)]
enum Until<'a> {
    /// The front end only.
    Validated,
    /// Every stage; `templates` replaces the embedded templates.
    Rendered { templates: Option<&'a Utf8Path> },
}

/// Every stage, up to the rendered tree (reads within the default root).
pub fn compile(spec_dir: &Utf8Path, templates: Option<&Utf8Path>) -> Compiled {
    run(spec_dir, Until::Rendered { templates }, None, None)
}

/// The front end only: read, evaluate, decode, validate (`check`, `eval`).
pub fn check(spec_dir: &Utf8Path) -> Compiled {
    run(spec_dir, Until::Validated, None, None)
}

/// [`compile`] with the readable root given (`--root`).
pub fn compile_with_root(
    spec_dir: &Utf8Path,
    templates: Option<&Utf8Path>,
    root: Option<&Utf8Path>,
) -> Compiled {
    run(spec_dir, Until::Rendered { templates }, root, None)
}

/// [`compile_with_root`] for `podman` (`--podman-version`) where a server names none.
pub fn compile_for_podman(
    spec_dir: &Utf8Path,
    templates: Option<&Utf8Path>,
    root: Option<&Utf8Path>,
    podman: Option<PodmanVersion>,
) -> Compiled {
    run(spec_dir, Until::Rendered { templates }, root, podman)
}

/// [`check`] with the readable root given (`--root`).
pub fn check_with_root(spec_dir: &Utf8Path, root: Option<&Utf8Path>) -> Compiled {
    run(spec_dir, Until::Validated, root, None)
}

/// [`check_with_root`] for `podman` (`--podman-version`) where a server names none.
pub fn check_for_podman(
    spec_dir: &Utf8Path,
    root: Option<&Utf8Path>,
    podman: Option<PodmanVersion>,
) -> Compiled {
    run(spec_dir, Until::Validated, root, podman)
}

/// What `import`, `readFile` and friends may reach when `--root` is not given:
/// the enclosing git repository's root (keys kept in `../keys` or at the top
/// of the repository are common), else the spec directory itself.
pub fn default_read_root(spec_dir: &Utf8Path) -> Utf8PathBuf {
    spec_dir
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
        .unwrap_or(spec_dir)
        .to_owned()
}

fn run(
    spec_dir: &Utf8Path,
    until: Until,
    root: Option<&Utf8Path>,
    podman: Option<PodmanVersion>,
) -> Compiled {
    let sources = Rc::new(SourceMap::new());
    let mut diags = Diagnostics::new();
    let (spec, tree) = match compile_into(spec_dir, until, root, podman, &sources, &mut diags) {
        Some((spec, tree)) => (Some(spec), tree),
        None => (None, None),
    };
    Compiled {
        sources,
        spec,
        tree,
        diagnostics: diags.into_sorted(),
    }
}

fn compile_into(
    spec_dir: &Utf8Path,
    until: Until,
    root: Option<&Utf8Path>,
    podman: Option<PodmanVersion>,
    sources: &Rc<SourceMap>,
    diags: &mut Diagnostics,
) -> Option<(Spec, Option<OutputTree>)> {
    if !spec_dir.is_dir() {
        let why = if spec_dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        diags.push(
            Diagnostic::error("spec::dir", format!("spec directory `{spec_dir}` {why}"))
                .with_help("pass the directory that holds users.nix and containers.nix"),
        );
        return None;
    }
    let spec_root = spec_dir
        .canonicalize_utf8()
        .unwrap_or_else(|_| spec_dir.to_owned());
    // The evaluator, with its syntax trees and values, is freed before
    // rendering, which then reuses that memory instead of faulting in new pages.
    let read_root = match root {
        Some(r) => match r.canonicalize_utf8() {
            Ok(r) if root_holds(&r, &spec_root) => r,
            _ => {
                diags.push(
                    Diagnostic::error(
                        "cli::root",
                        format!("`--root {r}` is not a directory that holds the spec directory"),
                    )
                    .with_help("pass a directory above the spec directory (or omit --root)"),
                );
                return None;
            }
        },
        None => default_read_root(&spec_root),
    };
    let mut spec = evaluate(&spec_root, &read_root, sources, diags)?;
    spec.podman_flag = podman;
    validate::validate(&spec, diags);
    let templates = match until {
        Until::Rendered { templates } if !diags.has_errors() => templates,
        _ => return Some((spec, None)),
    };
    let tree = Renderer::new(templates)
        .and_then(|r| r.render_tree(&spec))
        .map_err(|d| diags.push(d))
        .ok();
    Some((spec, tree))
}

/// Reads, evaluates and decodes the spec files under `root`.
fn root_holds(root: &Utf8Path, spec_dir: &Utf8Path) -> bool {
    root.is_dir() && spec_dir.starts_with(root)
}

fn evaluate(
    root: &Utf8Path,
    read_root: &Utf8Path,
    sources: &Rc<SourceMap>,
    diags: &mut Diagnostics,
) -> Option<Spec> {
    let ev = Evaluator::new(Rc::clone(sources), root.to_owned()).with_read_root(read_root);
    let users = load(&ev, root, USERS_FILE, diags);
    let containers = load(&ev, root, CONTAINERS_FILE, diags);
    // Present means any directory entry, so a broken symlink is reported, not skipped.
    let darwin = std::fs::symlink_metadata(root.join(DARWIN_FILE))
        .is_ok()
        .then(|| load(&ev, root, DARWIN_FILE, diags));
    let files = SpecFiles {
        users: users?,
        containers: containers?,
        darwin: match darwin {
            Some(v) => Some(v?),
            None => None,
        },
    };
    model::decode(&ev, &files, diags)
}

fn load(ev: &Evaluator, root: &Utf8Path, name: &str, diags: &mut Diagnostics) -> Option<Value> {
    let path: Utf8PathBuf = root.join(name);
    if std::fs::symlink_metadata(&path).is_err() {
        diags.push(
            Diagnostic::error("spec::missing-file", format!("the spec has no `{name}`")).with_help(
                format!("a spec directory holds users.nix and containers.nix; create {name}"),
            ),
        );
        return None;
    }
    // A directory, a symlink loop, a dangling symlink, no permission: say what
    // the system says, about the file (there is no place in it to point at).
    // A FIFO or device is refused from its type: opening one could block.
    let unreadable = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Some("it is a directory".to_owned()),
        Ok(m) if !m.is_file() => {
            Some("it is not a regular file (a FIFO, a device or a socket)".to_owned())
        }
        Ok(_) => std::fs::File::open(&path).err().map(|e| e.to_string()),
        Err(e) => Some(e.to_string()),
    };
    if let Some(why) = unreadable {
        diags.push(
            Diagnostic::error(
                "spec::unreadable-file",
                format!("cannot read `{name}`: {why}"),
            )
            .with_help(format!(
                "`{name}` must be a readable file (a symlink to one is fine)"
            )),
        );
        return None;
    }
    match ev.eval_spec_file(&path) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.extend(e.diagnostics);
            None
        }
    }
}
