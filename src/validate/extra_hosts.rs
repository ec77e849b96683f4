//! ## What it does
//! Checks `extraHosts`: each name a DNS name, each value an IPv4 or IPv6 address.
//! ## Why is this bad?
//! Each entry becomes Quadlet's `AddHost=<name>:<ip>` and podman's
//! `--add-host`, which refuses a malformed address when the container starts:
//! the unit fails at every start instead of at render time.
//! ## Example
//! `extraHosts."db.internal" = "100.64.0.5";`

use std::net::IpAddr;

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        for (name, ip) in &c.extra_hosts {
            if name.len() > 253 || !name.split('.').all(super::is_dns_label) {
                diags.push(super::invalid(
                    "spec::extra-host",
                    format!(
                        "`{}` in `extraHosts` of container `{}` is not a host name",
                        name.escape_debug(),
                        c.name.value
                    ),
                    ip.span,
                    "the entry of this host name",
                    "a host name is dot-separated labels of letters, digits and `-`, e.g. `db.internal`",
                ));
            }
            if ip.value.parse::<IpAddr>().is_err() {
                diags.push(super::invalid(
                    "spec::extra-host",
                    format!(
                        "`{}` for `{}` in `extraHosts` of container `{}` is not an IP address",
                        ip.value.escape_debug(),
                        name.escape_debug(),
                        c.name.value
                    ),
                    ip.span,
                    "expected an IPv4 or IPv6 address",
                    "e.g. `100.64.0.5` or `fd7a:115c:a1e0::5`",
                ));
            }
        }
    }
}
