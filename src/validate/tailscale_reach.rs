//! ## What it does
//! Warns, once per owner, about their containers whose every tag is carried by
//! another owner's container too (a warning: the spec is valid, the run succeeds).
//! ## Why is this bad?
//! The tailnet policy snippet gives each owner one SSH rule to their own tags:
//! a rule to a shared tag would let one owner into another's containers, so the
//! snippet leaves such a container out and nobody can SSH into it.
//! ## Example
//! `tags = [ "tag:devbox" ];` on containers of two owners → `tags = [ "tag:devbox" "tag:devbox-coal" ];`

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, tailnet};

/// How many other owners a label names before "and N more": the warning comes
/// once per owner, so a tag shared by a whole team must not list the team each time.
const OTHERS_NAMED: usize = 5;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let tags = tailnet::tag_owners(spec);
    for reach in tailnet::ssh_reach(spec) {
        if reach.unreachable.is_empty() {
            continue;
        }
        let names: Vec<String> = reach
            .unreachable
            .iter()
            .map(|c| format!("`{}`", c.name.value))
            .collect();
        let what = if names.len() == 1 {
            format!("container {}", names[0])
        } else {
            format!("containers {}", names.join(", "))
        };
        let mut d = Diagnostic::warning(
            "spec::tailscale-unreachable",
            format!(
                "no SSH rule of the tailnet snippet reaches {what} of `{}`",
                reach.owner
            ),
        );
        // One label per place a tag is written: tags set in `defaults` are one
        // place for all of the owner's containers.
        let mut labelled = BTreeSet::new();
        for c in &reach.unreachable {
            for t in &c.tailscale.tags {
                if !labelled.insert(t.span) {
                    continue;
                }
                let others = tailnet::other_owners(&tags, &t.value, reach.owner);
                d = d.with_label(
                    t.span,
                    format!("also on containers of {}", brief_list(&others)),
                );
            }
        }
        diags.push(d.with_help(format!(
            "a rule to a tag other owners' containers carry would reach theirs too; \
             give `{}`'s containers a tag of their own (e.g. `tag:devbox-{}`)",
            reach.owner, reach.owner
        )));
    }
}

/// `a, b, c, d, e and 3 more`.
pub(super) fn brief_list(names: &[&str]) -> String {
    if names.len() <= OTHERS_NAMED {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..OTHERS_NAMED].join(", "),
        names.len() - OTHERS_NAMED
    )
}

#[cfg(test)]
mod tests {
    use super::brief_list;

    #[test]
    fn brief_list_names_five_then_counts() {
        assert_eq!(brief_list(&["a"]), "a");
        assert_eq!(brief_list(&["a", "b", "c", "d", "e"]), "a, b, c, d, e");
        assert_eq!(
            brief_list(&["a", "b", "c", "d", "e", "f", "g"]),
            "a, b, c, d, e and 2 more"
        );
    }
}
