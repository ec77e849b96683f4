//! `tailscale/acl-snippet.hujson`: the tailnet policy sections the containers
//! need, for the user to merge into their policy file: `tagOwners` for every
//! tag in use, and per owner an `acls` entry opening port 22 of their
//! containers (and 22000 of those with Syncthing) and an `ssh` rule for those
//! with Tailscale SSH, reaching that owner's containers and no one else's;
//! then an `acls` entry per `tailscale.share`: those teammates, those ports.

use std::collections::BTreeMap;

use minijinja::context;
use serde::Serialize;

use super::FileMode;
use super::layout;
use super::{Renderer, Templates, TreeBuilder};
use crate::diagnostics::Diagnostic;
use crate::model::{Spec, tailnet};

const SNIPPET: &str = "tailscale/acl-snippet.hujson.j2";

pub const TEMPLATES: Templates = &[(
    SNIPPET,
    include_str!("../../templates/tailscale/acl-snippet.hujson.j2"),
)];

/// Who may apply the tags (and so mint tagged auth keys).
const TAG_OWNER: &str = "autogroup:admin";

/// The placeholder for an owner's tailnet login, to be replaced when merging.
pub fn login_placeholder(owner: &str) -> String {
    format!("{owner}@example.com")
}

/// A `to` entry as a policy source: a user of users.nix by their
/// placeholder login; a group or `autogroup:member` as written.
fn share_source(spec: &Spec, to: &str) -> String {
    if spec.users.contains_key(to) {
        login_placeholder(to)
    } else {
        to.to_owned()
    }
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
    let mut acls = Vec::new();
    let mut ssh = Vec::new();
    let mut warnings = Vec::new();
    // Which containers each owner's rule reaches is the model's decision
    // (validation warns about the unreachable ones); the snippet repeats why.
    for reach in tailnet::ssh_reach(spec) {
        warnings.extend(reach.warning());
        let src = vec![login_placeholder(reach.owner)];
        // Port 22 of every container of theirs (Tailscale SSH or their own
        // sshd), 22000 of those with Syncthing; nothing else: Syncthing's GUI
        // and code-server are reached through SSH.
        let ssh_ports = reach.dst.iter().chain(&reach.plain_dst);
        let mut dst: Vec<String> = ssh_ports.map(|d| format!("{d}:22")).collect();
        dst.sort();
        dst.dedup();
        dst.extend(reach.sync_dst.iter().map(|d| format!("{d}:22000")));
        if !dst.is_empty() {
            acls.push(Acl {
                action: "accept",
                src: src.clone(),
                dst,
            });
        }
        if reach.dst.is_empty() {
            continue;
        }
        ssh.push(SshRule {
            action: "accept",
            src,
            dst: reach.dst.into_iter().collect(),
            users: reach.users.into_iter().collect(),
        });
    }
    // Shared ports: one rule per `tailscale.share` entry, to the tags the
    // model picked (only that container's, else only its owner's); none when
    // every tag is also another owner's (validation warns, the snippet says).
    let mut shares = false;
    for g in tailnet::share_grants(spec) {
        shares = true;
        if g.dst.is_empty() {
            warnings.push(format!(
                "the share of `{}` with {} is left out: each of its tags is on other owners' \
                 containers too, a rule would open the port there as well; give it a tag of its own.",
                g.container.name.value,
                g.share
                    .to
                    .iter()
                    .map(|w| w.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        }
        let mut src: Vec<String> = g
            .share
            .to
            .iter()
            .map(|w| share_source(spec, &w.value))
            .collect();
        src.sort();
        src.dedup();
        let ports: Vec<String> = g
            .ports
            .iter()
            .map(|(lo, hi)| {
                if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}-{hi}")
                }
            })
            .collect();
        let ports = ports.join(",");
        acls.push(Acl {
            action: "accept",
            src,
            dst: g.dst.iter().map(|t| format!("{t}:{ports}")).collect(),
        });
    }
    let policy = Policy {
        tag_owners: tailnet::tag_owners(spec)
            .keys()
            .map(|t| ((*t).to_owned(), vec![TAG_OWNER.to_owned()]))
            .collect(),
        acls,
        ssh,
    };
    let body = serde_json::to_string_pretty(&policy)
        .map_err(|e| Diagnostic::error("render::template", format!("ACL snippet: {e}")))?;
    let text = r.render(
        SNIPPET,
        context! { body => body, warnings => warnings, shares => shares },
    )?;
    tree.add(layout::TAILNET_SNIPPET, text, FileMode::Regular);
    Ok(())
}
