//! ## What it does
//! Checks that a container with `tailscale.share` can carry a grant: it is on
//! the tailnet (`tailscale.enable`) and has a tag (errors); warns when every
//! tag it has is carried by another owner's container too (the snippet then
//! leaves its grants out).
//! ## Why is this bad?
//! An untagged container is a device of whoever made its auth key: only
//! `autogroup:self` names it in a policy, and that reaches only that user's
//! own devices, never a teammate. A grant to a tag other owners' containers
//! carry opens the same ports on their containers too.
//! ## Example
//! `tailscale.tags = [ "tag:devbox" ];` on containers of two owners, one sharing →
//! `tailscale.tags = [ "tag:devbox" "tag:coal-web" ];` (coal-web's own tag)

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, tailnet};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let Some(first) = c.tailscale.share.first() else {
            continue;
        };
        if !c.tailscale.enable {
            diags.push(super::invalid(
                "spec::tailscale-share-off-tailnet",
                format!(
                    "container `{}` shares ports but is not on the tailnet",
                    c.name.value
                ),
                first.span,
                "shared over the tailnet",
                "remove `tailscale.share`, or set `tailscale.enable = true`",
            ));
        } else if c.tailscale.tags.is_empty() {
            diags.push(super::invalid(
                "spec::tailscale-share-untagged",
                format!(
                    "container `{}` shares ports but has no Tailscale tag",
                    c.name.value
                ),
                first.span,
                "a grant needs a tag to name this container",
                &format!(
                    "an untagged container is a device of whoever made its auth key, which a policy can \
                     name only as `autogroup:self` (their own devices); give it a tag no other owner's \
                     containers carry: `tailscale.tags = [ \"tag:{}\" ];`",
                    c.name.value
                ),
            ));
        }
    }
    let owners = tailnet::tag_owners(spec);
    for g in tailnet::share_grants(spec) {
        if !g.dst.is_empty() {
            continue;
        }
        let c = g.container;
        let mut d = Diagnostic::warning(
            "spec::tailscale-share-leak",
            format!(
                "the tailnet snippet leaves out a share of container `{}`: each of its tags is on other owners' containers",
                c.name.value
            ),
        )
        .with_label(g.share.span, "not granted");
        for t in &c.tailscale.tags {
            let others = tailnet::other_owners(&owners, &t.value, &c.owner.value);
            d = d.with_label(
                t.span,
                format!(
                    "also on containers of {}",
                    super::tailscale_reach::brief_list(&others)
                ),
            );
        }
        diags.push(d.with_help(format!(
            "a grant to a tag other owners' containers carry would open these ports on theirs too; \
             give `{}` a tag of its own (e.g. `tag:{}`)",
            c.name.value, c.name.value
        )));
    }
}
