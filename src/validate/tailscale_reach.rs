//! ## What it does
//! Warns about a container with Tailscale SSH whose every tag is carried by
//! another owner's container too (a warning: the spec is valid, the run succeeds).
//! ## Why is this bad?
//! The tailnet policy snippet gives each owner one SSH rule to their own tags:
//! a rule to a shared tag would let one owner into another's containers, so the
//! snippet leaves such a container out and nobody can SSH into it.
//! ## Example
//! `tags = [ "tag:devbox" ];` on containers of two owners → `tags = [ "tag:devbox" "tag:devbox-coal" ];`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, tailnet};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let tags = tailnet::tag_owners(spec);
    for reach in tailnet::ssh_reach(spec) {
        for c in &reach.unreachable {
            let mut d = Diagnostic::warning(
                "spec::tailscale-unreachable",
                format!(
                    "no SSH rule of the tailnet snippet reaches container `{}` of `{}`",
                    c.name.value, reach.owner
                ),
            );
            for t in &c.tailscale.tags {
                let others: Vec<&str> = tags
                    .get(t.value.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|o| *o != reach.owner)
                    .collect();
                d = d.with_label(
                    t.span,
                    format!("also on containers of {}", others.join(", ")),
                );
            }
            diags.push(d.with_help(format!(
                "a rule to a tag other owners' containers carry would reach theirs too; \
                 give `{}`'s containers a tag of their own (e.g. `tag:devbox-{}`)",
                reach.owner, reach.owner
            )));
        }
    }
}
