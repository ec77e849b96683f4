//! ## What it does
//! Checks each container's Tailscale host name (a DNS label: 1–63 of
//! `[A-Za-z0-9-]`, no leading or trailing `-`, no `_`), that it is unique across
//! the spec, across all servers (case-insensitively, as DNS compares): the
//! containers of every server join one tailnet.
//! ## Why is this bad?
//! Tailscale rejects such names at `tailscale up`, and two nodes with one name
//! get renamed `-1` silently, so SSH lands on the wrong container.
//! ## Example
//! `hostname = "coal_dev";` → `hostname = "coal-dev";`

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spanned, Spec};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, (&Spanned<String>, &str)> = BTreeMap::new();
    for c in spec.containers.values() {
        let h = &c.hostname;
        // A host name defaulted from a bad container name is that name's problem.
        let defaulted_from_bad_name =
            h.span == c.name.span && !super::is_simple_name(&c.name.value);
        if !super::is_dns_label(&h.value) && !defaulted_from_bad_name {
            diags.push(super::invalid(
                "spec::hostname",
                format!("`{}` is not a valid host name", h.value.escape_debug()),
                h.span,
                "expected 1–63 letters, digits or `-`, not starting or ending with `-`",
                if h.value.contains('_') {
                    "underscores are not allowed in host names: use `-`"
                } else {
                    ""
                },
            ));
        }
        let key = h.value.to_ascii_lowercase();
        if let Some((first, first_server)) = seen.get(&key) {
            let (again, first_label) = if *first_server == c.server.value {
                (
                    format!("used again by container `{}`", c.name.value),
                    "first used here".to_owned(),
                )
            } else {
                (
                    format!(
                        "used again by container `{}` on server `{}`",
                        c.name.value, c.server.value
                    ),
                    format!("first used here, on server `{first_server}`"),
                )
            };
            diags.push(
                Diagnostic::error(
                    "spec::duplicate-hostname",
                    format!("host name `{}` is used twice", h.value),
                )
                .with_label(h.span, again)
                .with_label(first.span, first_label)
                .with_help("tailnet host names must be unique; set `hostname` on one of them"),
            );
        } else {
            seen.insert(key, (h, c.server.value.as_str()));
        }
    }
}
