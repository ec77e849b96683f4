//! `tailscale/acl-snippet.hujson`: the tailnet policy sections the containers
//! need, for the user to merge into their policy file: `tagOwners` for every
//! tag in use, and per owner an `ssh` rule (with the `acls` entry that opens
//! port 22) reaching that owner's containers and no one else's.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::context;
use serde::Serialize;

use super::FileMode;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Container, Spec};

const SNIPPET: &str = "tailscale/acl-snippet.hujson.j2";

pub const TEMPLATES: Templates = &[(
    SNIPPET,
    include_str!("../../templates/tailscale/acl-snippet.hujson.j2"),
)];

/// Who may apply the tags (and so mint tagged auth keys).
const TAG_OWNER: &str = "autogroup:admin";
/// Devices owned by the connecting user: untagged containers registered with
/// the owner's own auth key.
const SELF: &str = "autogroup:self";

/// The placeholder for an owner's tailnet login, to be replaced when merging.
pub fn login_placeholder(owner: &str) -> String {
    format!("{owner}@example.com")
}

#[derive(Serialize)]
struct Acl {
    action: &'static str,
    src: Vec<String>,
    dst: Vec<String>,
}

#[derive(Serialize)]
struct SshRule {
    action: &'static str,
    src: Vec<String>,
    dst: Vec<String>,
    users: Vec<String>,
}

#[derive(Serialize)]
struct Policy {
    #[serde(rename = "tagOwners")]
    tag_owners: BTreeMap<String, Vec<String>>,
    acls: Vec<Acl>,
    ssh: Vec<SshRule>,
}

pub fn render(r: &Renderer, spec: &Spec, tree: &mut TreeBuilder) -> Result<(), Diagnostic> {
    let on_tailnet: Vec<_> = spec
        .containers
        .values()
        .filter(|c| c.tailscale.enable)
        .collect();
    // Which owners' containers carry each tag.
    let mut tag_users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &on_tailnet {
        for t in &c.tailscale.tags {
            tag_users
                .entry(t.value.as_str())
                .or_default()
                .insert(c.owner.value.as_str());
        }
    }
    // Each owner's containers, grouped once (a scan per owner is quadratic).
    let mut by_owner: BTreeMap<&str, Vec<&Container>> = BTreeMap::new();
    for c in &on_tailnet {
        by_owner.entry(c.owner.value.as_str()).or_default().push(c);
    }
    let mut acls = Vec::new();
    let mut ssh = Vec::new();
    let mut warnings = Vec::new();
    for (owner, containers) in by_owner {
        let mut dst = BTreeSet::new();
        let mut users = BTreeSet::new();
        let mut unreachable = Vec::new();
        for c in containers.into_iter().filter(|c| c.tailscale.ssh) {
            let own: Vec<&str> = c
                .tailscale
                .tags
                .iter()
                .map(|t| t.value.as_str())
                .filter(|t| tag_users.get(t).is_some_and(|o| o.len() == 1))
                .collect();
            if c.tailscale.tags.is_empty() {
                dst.insert(SELF.to_owned());
            } else if own.is_empty() {
                unreachable.push(c.name.value.clone());
                continue;
            } else {
                dst.extend(own.iter().map(|t| (*t).to_owned()));
            }
            if let Some(image) = c.image.as_ref().and_then(|i| spec.images.get(&i.value)) {
                users.insert(image.user.name.value.clone());
            }
        }
        if !unreachable.is_empty() {
            warnings.push(format!(
                "{} of `{owner}` carry only tags that other owners' containers carry too: \
                 no rule can reach them without reaching those; give each owner a tag of \
                 their own (e.g. `tag:devbox-{owner}`).",
                unreachable.join(", ")
            ));
        }
        if dst.is_empty() {
            continue;
        }
        let src = vec![login_placeholder(owner)];
        acls.push(Acl {
            action: "accept",
            src: src.clone(),
            dst: dst.iter().map(|d| format!("{d}:22")).collect(),
        });
        ssh.push(SshRule {
            action: "accept",
            src,
            dst: dst.into_iter().collect(),
            users: users.into_iter().collect(),
        });
    }
    let policy = Policy {
        tag_owners: tag_users
            .keys()
            .map(|t| ((*t).to_owned(), vec![TAG_OWNER.to_owned()]))
            .collect(),
        acls,
        ssh,
    };
    let body = serde_json::to_string_pretty(&policy)
        .map_err(|e| Diagnostic::error("render::template", format!("ACL snippet: {e}")))?;
    let text = r.render(SNIPPET, context! { body => body, warnings => warnings })?;
    tree.add("tailscale/acl-snippet.hujson", text, FileMode::Regular);
    Ok(())
}
