//! Who the tailnet policy snippet's SSH rules can reach. Each owner gets one
//! rule: to `autogroup:self` for untagged containers (devices of whoever made
//! the auth key), else to the tags only that owner's containers carry. A
//! container whose every tag another owner's container carries too cannot be
//! reached by its owner's rule without reaching the others': validation warns
//! about it and the snippet leaves it out (and says why). The same holds for
//! the ports a container shares with teammates (`tailscale.share`): a grant
//! names the container by a tag no other owner's container carries, or is
//! left out.

use std::collections::{BTreeMap, BTreeSet};

use super::{Container, Spec};

/// Tailscale's autogroup of the connecting user's own devices.
pub const SELF: &str = "autogroup:self";

/// One owner's SSH rule.
pub struct OwnerReach<'s> {
    pub owner: &'s str,
    /// The rule's destinations: `autogroup:self` and the owner's own tags.
    pub dst: BTreeSet<String>,
    /// The image users of the containers the rule reaches (the SSH login users).
    pub users: BTreeSet<String>,
    /// Containers of the owner no rule can reach.
    pub unreachable: Vec<&'s Container>,
    /// Destinations of the owner's containers with their own OpenSSH server
    /// (`tailscale.ssh = false`): port 22 is open to the owner, no `ssh` rule.
    pub plain_dst: BTreeSet<String>,
    /// Destinations of the owner's Syncthing containers: port 22000 (sync
    /// connections) open to the owner.
    pub sync_dst: BTreeSet<String>,
}

impl OwnerReach<'_> {
    /// Why some of the owner's containers are unreachable, for the snippet.
    pub fn warning(&self) -> Option<String> {
        if self.unreachable.is_empty() {
            return None;
        }
        let names: Vec<&str> = self
            .unreachable
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        Some(format!(
            "{} of `{}` carry only tags that other owners' containers carry too: \
             no rule can reach them without reaching those; give each owner a tag of \
             their own (e.g. `tag:devbox-{}`).",
            names.join(", "),
            self.owner,
            self.owner
        ))
    }
}

/// The containers on the tailnet.
fn on_tailnet(spec: &Spec) -> impl Iterator<Item = &Container> {
    spec.containers.values().filter(|c| c.tailscale.enable)
}

/// Each tag in use on the tailnet, with the owners whose containers carry it.
pub fn tag_owners(spec: &Spec) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut tags: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in on_tailnet(spec) {
        for t in &c.tailscale.tags {
            tags.entry(t.value.as_str())
                .or_default()
                .insert(c.owner.value.as_str());
        }
    }
    tags
}

/// The owners other than `owner` whose containers carry `tag` (of [`tag_owners`]).
pub fn other_owners<'a>(
    tags: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    tag: &str,
    owner: &str,
) -> Vec<&'a str> {
    tags.get(tag)
        .into_iter()
        .flatten()
        .copied()
        .filter(|o| *o != owner)
        .collect()
}

/// Every owner with a container on the tailnet, and what their rule reaches.
pub fn ssh_reach(spec: &Spec) -> Vec<OwnerReach<'_>> {
    let tags = tag_owners(spec);
    // Each owner's containers, grouped once (a scan per owner is quadratic).
    let mut by_owner: BTreeMap<&str, Vec<&Container>> = BTreeMap::new();
    for c in on_tailnet(spec) {
        by_owner.entry(c.owner.value.as_str()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (owner, containers) in by_owner {
        let mut reach = OwnerReach {
            owner,
            dst: BTreeSet::new(),
            users: BTreeSet::new(),
            unreachable: Vec::new(),
            plain_dst: BTreeSet::new(),
            sync_dst: BTreeSet::new(),
        };
        for c in containers {
            let own: Vec<&str> = c
                .tailscale
                .tags
                .iter()
                .map(|t| t.value.as_str())
                .filter(|t| tags.get(t).is_some_and(|o| o.len() == 1))
                .collect();
            let dst: Vec<String> = if c.tailscale.tags.is_empty() {
                vec![SELF.to_owned()]
            } else if own.is_empty() {
                reach.unreachable.push(c);
                continue;
            } else {
                own.iter().map(|t| (*t).to_owned()).collect()
            };
            if c.syncthing.enable {
                reach.sync_dst.extend(dst.iter().cloned());
            }
            if !c.tailscale.ssh {
                reach.plain_dst.extend(dst);
                continue;
            }
            reach.dst.extend(dst);
            if let Some(image) = spec.image_of(c) {
                reach.users.insert(image.user.name.value.clone());
            }
        }
        out.push(reach);
    }
    out
}

/// One `tailscale.share` entry as the snippet grants it.
pub struct ShareGrant<'s> {
    pub container: &'s Container,
    pub share: &'s super::Share,
    /// The tags the grant opens the ports on: those only this container
    /// carries when it has any (the narrowest), else those only its owner's
    /// containers carry. Empty when every tag is shared with another owner's
    /// containers: then there is no grant (validation warns).
    pub dst: Vec<&'s str>,
    /// The port ranges, ascending and merged where they overlap or touch.
    pub ports: Vec<(u16, u16)>,
}

/// Every share of every container on the tailnet that has tags (an untagged
/// container belongs to whoever made its auth key and only
/// `autogroup:self` reaches it: validation refuses sharing it).
pub fn share_grants(spec: &Spec) -> Vec<ShareGrant<'_>> {
    let owners = tag_owners(spec);
    let mut carriers: BTreeMap<&str, usize> = BTreeMap::new();
    for c in on_tailnet(spec) {
        for t in &c.tailscale.tags {
            *carriers.entry(t.value.as_str()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    let sharing =
        on_tailnet(spec).filter(|c| !c.tailscale.tags.is_empty() && !c.tailscale.share.is_empty());
    for c in sharing {
        let tags = || c.tailscale.tags.iter().map(|t| t.value.as_str());
        let mut dst: Vec<&str> = tags().filter(|t| carriers.get(t) == Some(&1)).collect();
        if dst.is_empty() {
            dst = tags()
                .filter(|t| owners.get(t).is_some_and(|o| o.len() == 1))
                .collect();
        }
        dst.sort_unstable();
        dst.dedup();
        for share in &c.tailscale.share {
            let mut ports: Vec<(u16, u16)> =
                share.ports.iter().filter_map(|p| p.value.range()).collect();
            ports.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ports.len());
            for (lo, hi) in ports {
                match merged.last_mut() {
                    Some(last) if u32::from(lo) <= u32::from(last.1) + 1 => {
                        last.1 = last.1.max(hi);
                    }
                    _ => merged.push((lo, hi)),
                }
            }
            out.push(ShareGrant {
                container: c,
                share,
                dst: dst.clone(),
                ports: merged,
            });
        }
    }
    out
}
