//! ## What it does
//! Checks Tailscale tags: each `tag:[a-z][a-z0-9-]*`, none repeated.
//! ## Why is this bad?
//! `tailscale up --advertise-tags` refuses malformed tags and the node never joins.
//! ## Example
//! `tags = [ "dev" ];` → `tags = [ "tag:dev" ];`

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

/// Tailscale's `tailcfg.CheckTag`: the name starts with a letter, then
/// letters, digits or `-` (devbox-gen keeps to lowercase).
fn is_tag(s: &str) -> bool {
    s.strip_prefix("tag:").is_some_and(|name| {
        name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        // A set of those seen, not a rescan per item (quadratic in long lists).
        let mut seen = HashSet::new();
        for tag in &c.tailscale.tags {
            let repeated = !seen.insert(tag.value.as_str());
            if !is_tag(&tag.value) {
                let help = if is_tag(&format!("tag:{}", tag.value)) {
                    format!("did you mean `tag:{}`?", tag.value)
                } else {
                    "tags look like `tag:dev`: `tag:`, a lowercase letter, then lowercase letters, digits and `-`".into()
                };
                diags.push(super::invalid(
                    "spec::tailscale-tag",
                    format!(
                        "`{}` is not a valid Tailscale tag",
                        tag.value.escape_debug()
                    ),
                    tag.span,
                    "expected `tag:[a-z][a-z0-9-]*`",
                    &help,
                ));
            } else if repeated {
                diags.push(super::invalid(
                    "spec::tailscale-tag",
                    format!("tag `{}` is listed twice", tag.value),
                    tag.span,
                    "repeated",
                    "",
                ));
            }
        }
    }
}
