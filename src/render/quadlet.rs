//! `[nixos/<server>/]users/<owner>/quadlet/<container>.container` and `<container>-home.volume`.

use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;

use super::FileMode;
use super::layout::{self, OwnerDir};
use super::views::ContainerView;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Container, Spec};
use crate::parallel;

const CONTAINER: &str = "quadlet/container.container.j2";
const HOME_VOLUME: &str = "quadlet/home.volume.j2";

pub const TEMPLATES: Templates = &[
    (
        CONTAINER,
        include_str!("../../templates/quadlet/container.container.j2"),
    ),
    (
        HOME_VOLUME,
        include_str!("../../templates/quadlet/home.volume.j2"),
    ),
];

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let containers: Vec<&Container> = spec.containers.values().collect();
    // Each container's files depend on nothing else: render them in parallel.
    let rendered = parallel::map(&containers, |c| -> Result<_, Diagnostic> {
        let view = ContainerView::new(spec, c)?;
        let owner = &c.owner.value;
        let server = layout::ServerDir::of(spec, &c.server.value);
        let ctx = context! { c => Value::from(Serde(&view)) };
        Ok([
            (
                layout::owner_file(
                    &server,
                    owner,
                    OwnerDir::Quadlet,
                    &layout::container_file(&view.name),
                ),
                r.render(CONTAINER, ctx.clone())?,
            ),
            (
                layout::owner_file(&server, owner, OwnerDir::Quadlet, &view.volume_file),
                r.render(HOME_VOLUME, ctx)?,
            ),
        ])
    });
    for files in rendered {
        for (path, text) in files? {
            tree.add(path, text, FileMode::Regular);
        }
    }
    Ok(())
}
