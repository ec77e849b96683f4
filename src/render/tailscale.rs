//! `tailscale/acl-snippet.hujson`: the tailnet policy sections the containers
//! need, for the user to merge into their policy file: `tagOwners` for every
//! tag in use, and per owner an `acls` entry opening port 22 of their
//! containers (and 22000 of those with Syncthing) and an `ssh` rule for those
//! with Tailscale SSH, reaching that owner's containers and no one else's.

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
    let text = r.render(SNIPPET, context! { body => body, warnings => warnings })?;
    tree.add(layout::TAILNET_SNIPPET, text, FileMode::Regular);
    Ok(())
}
