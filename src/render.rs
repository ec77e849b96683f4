//! Rendering: one strict minijinja environment with the templates embedded in
//! the binary, fed with small view structs built from the validated spec.

pub mod filters;
mod views;

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value, context};

use crate::diagnostics::Diagnostic;
use crate::emit::{FileMode, OutputTree};
use crate::model::Spec;

pub const QUADLET_CONTAINER: &str = "quadlet/container.container.j2";
pub const QUADLET_HOME_VOLUME: &str = "quadlet/home.volume.j2";

/// Every template, embedded at build time.
const TEMPLATES: &[(&str, &str)] = &[
    (
        QUADLET_CONTAINER,
        include_str!("../templates/quadlet/container.container.j2"),
    ),
    (
        QUADLET_HOME_VOLUME,
        include_str!("../templates/quadlet/home.volume.j2"),
    ),
];

pub struct Renderer {
    env: Environment<'static>,
}

fn keyval_word(key: &str, value: &str) -> Result<String, minijinja::Error> {
    filters::keyval_word(key, value)
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
        env.add_filter("unit", filters::unit);
        env.add_filter("token", filters::token);
        env.add_filter("exec_value", filters::exec_value);
        env.add_filter("keyval_word", keyval_word);
        for (name, embedded) in TEMPLATES {
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

    fn render(&self, template: &str, ctx: Value) -> Result<String, Diagnostic> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(template_error)
    }

    /// The whole generated tree for a valid spec.
    pub fn render_tree(&self, spec: &Spec) -> Result<OutputTree, Diagnostic> {
        let mut files: BTreeMap<Utf8PathBuf, (String, FileMode)> = BTreeMap::new();
        for c in spec.containers.values() {
            let view = views::ContainerView::new(spec, c);
            let dir = Utf8PathBuf::from(format!("users/{}/quadlet", c.owner.value));
            let ctx = context! { c => Value::from(Serde(&view)) };
            files.insert(
                dir.join(format!("{}.container", c.name.value)),
                (
                    self.render(QUADLET_CONTAINER, ctx.clone())?,
                    FileMode::Regular,
                ),
            );
            files.insert(
                dir.join(&view.volume_file),
                (self.render(QUADLET_HOME_VOLUME, ctx)?, FileMode::Regular),
            );
        }
        Ok(OutputTree::new(files))
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
