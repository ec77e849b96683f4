//! Rendering: one strict minijinja environment with every template embedded in
//! the binary. Each artifact group (a submodule) builds small view structs
//! from the validated spec and adds its files to the tree.

mod darwin;
pub mod filters;
mod images;
pub mod layout;
mod nixos;
pub mod owner_keys;
mod quadlet;
mod scripts;
mod tailscale;
pub mod tree;
mod validated;
pub mod views;

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::diagnostics::Diagnostic;
use crate::model::Spec;
pub use tree::{FileMode, OutputTree, TreePath};

/// Templates by name (their path under `templates/`) and embedded text.
pub type Templates = &'static [(&'static str, &'static str)];

/// One artifact group: renders its files for the whole spec.
type Artifact = fn(&Renderer, &Spec, &mut TreeBuilder) -> Result<(), Diagnostic>;

/// Every artifact group, with its templates. Groups that install other
/// groups' files (`nixos`, the root `default.nix`) read the tree rendered so
/// far: they come last.
const ARTIFACTS: &[(Artifact, Templates)] = &[
    (quadlet::render, quadlet::TEMPLATES),
    (scripts::render, scripts::TEMPLATES),
    (images::render, images::TEMPLATES),
    (tailscale::render, tailscale::TEMPLATES),
    (darwin::render, darwin::TEMPLATES),
    (nixos::render, nixos::TEMPLATES),
    (nixos::render_root, &[]),
];

pub struct Renderer {
    env: Environment<'static>,
}

/// The files rendered so far.
#[derive(Default)]
pub struct TreeBuilder {
    files: BTreeMap<TreePath, (String, FileMode)>,
}

impl TreeBuilder {
    pub fn add(&mut self, path: impl Into<Utf8PathBuf>, contents: String, mode: FileMode) {
        self.files
            .insert(TreePath::from(path.into()), (contents, mode));
    }

    /// The paths rendered so far, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &Utf8Path> {
        self.files.keys().map(TreePath::as_path)
    }

    /// The files directly in `dir`, by a range query: the tree is sorted by
    /// path components, so they are contiguous.
    pub fn files_in(&self, dir: &Utf8Path) -> Vec<&Utf8Path> {
        use std::ops::Bound;
        // Tree paths are plain (`a/b/c`), so string prefixes are path prefixes.
        let prefix = format!("{dir}/");
        self.files
            .range((Bound::Excluded(TreePath::from(dir)), Bound::Unbounded))
            .map(|(p, _)| p.as_path())
            .take_while(|p| p.as_str().starts_with(&prefix))
            .filter(|p| !p.as_str()[prefix.len()..].contains('/'))
            .collect()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(&TreePath::from(path))
    }
}

impl Renderer {
    /// The embedded templates, or the same names read from `dir` (template development).
    pub fn new(dir: Option<&Utf8Path>) -> Result<Self, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(template_error)?;
        env.set_syntax(syntax);
        filters::register(&mut env);
        for (name, embedded) in ARTIFACTS.iter().flat_map(|(_, t)| t.iter()) {
            match dir {
                None => env.add_template(name, embedded).map_err(template_error)?,
                Some(dir) => {
                    let path = dir.join(name);
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Diagnostic::error(
                            "render::template",
                            format!("cannot read template {path}: {e}"),
                        )
                    })?;
                    env.add_template_owned(*name, text)
                        .map_err(template_error)?;
                }
            }
        }
        Ok(Renderer { env })
    }

    /// Renders one template with a context (`context! { … }`).
    pub fn render(&self, template: &str, ctx: Value) -> Result<String, Diagnostic> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(template_error)
    }

    /// The whole generated tree for a valid spec.
    pub fn render_tree(&self, spec: &Spec) -> Result<OutputTree, Diagnostic> {
        let mut tree = TreeBuilder::default();
        for (artifact, _) in ARTIFACTS {
            artifact(self, spec, &mut tree)?;
        }
        Ok(OutputTree::new(tree.files))
    }
}

fn template_error(e: minijinja::Error) -> Diagnostic {
    let place = match (e.name(), e.line()) {
        (Some(n), Some(l)) => format!(" ({n}:{l})"),
        (Some(n), None) => format!(" ({n})"),
        _ => String::new(),
    };
    Diagnostic::error("render::template", format!("template error{place}: {e}"))
}
