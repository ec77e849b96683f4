//! `[nixos/<server>/]users/<owner>/quadlet/<container>.container` and `<container>-home.volume`.

use std::collections::BTreeMap;

use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;

use super::FileMode;
use super::layout::{self, OwnerDir};
use super::validated;
use super::views::ContainerView;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Container, Spec};
use crate::parallel;
use serde::Serialize;

const CONTAINER: &str = "quadlet/container.container.j2";
const HOME_VOLUME: &str = "quadlet/home.volume.j2";
const NAMED_VOLUME: &str = "quadlet/named.volume.j2";

pub const TEMPLATES: Templates = &[
    (
        CONTAINER,
        include_str!("../../templates/quadlet/container.container.j2"),
    ),
    (
        HOME_VOLUME,
        include_str!("../../templates/quadlet/home.volume.j2"),
    ),
    (
        NAMED_VOLUME,
        include_str!("../../templates/quadlet/named.volume.j2"),
    ),
];

/// A named volume of `volumes` as its owner's `.volume` file sees it.
#[derive(Debug, Serialize)]
struct NamedVolumeView {
    name: String,
    owner: String,
    /// The server of the containers that mount it (one, by validation).
    #[serde(skip)]
    server: String,
    volume_name: String,
    /// The image user of the containers that mount it (one, by validation).
    uid: i64,
    labels: Vec<(String, String)>,
}

/// One `.volume` file per named volume, in the quadlet dir of the owner whose
/// containers mount it (validation allows one owner); a volume nobody mounts
/// is made for nobody.
fn named_volumes(spec: &Spec) -> Result<Vec<NamedVolumeView>, Diagnostic> {
    let mut out: BTreeMap<&str, NamedVolumeView> = BTreeMap::new();
    for c in spec.containers.values() {
        for v in c.mounts.iter().filter_map(|m| m.volume.as_ref()) {
            if out.contains_key(v.value.as_str()) {
                continue;
            }
            let uid = validated::image_of(spec, c)?.user.uid.value;
            out.insert(
                &v.value,
                NamedVolumeView {
                    name: v.value.clone(),
                    owner: c.owner.value.clone(),
                    server: c.server.value.clone(),
                    volume_name: layout::named_volume_name(&v.value),
                    uid,
                    labels: vec![
                        ("devbox.owner".to_owned(), c.owner.value.clone()),
                        ("devbox.volume".to_owned(), v.value.clone()),
                    ],
                },
            );
        }
    }
    Ok(out.into_values().collect())
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let containers: Vec<&Container> = spec.containers.values().collect();
    let tailnet = super::owner_keys::TailnetOwners::of(spec);
    // Each container's files depend on nothing else: render them in parallel.
    let rendered = parallel::map(&containers, |c| -> Result<_, Diagnostic> {
        let view = ContainerView::new(spec, c, &tailnet)?;
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
    for v in named_volumes(spec)? {
        let path = layout::owner_file(
            &layout::ServerDir::of(spec, &v.server),
            &v.owner,
            OwnerDir::Quadlet,
            &layout::named_volume_file(&v.name),
        );
        let text = r.render(NAMED_VOLUME, context! { v => Value::from(Serde(&v)) })?;
        tree.add(path, text, FileMode::Regular);
    }
    Ok(())
}
