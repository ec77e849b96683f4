//! ## What it does
//! Warns when the containers of a server together may use more memory
//! (`resources.memory`, their `MemoryMax=`) or CPU (`resources.cpus`, their
//! `CPUQuota=`) than the server's declared `memory` or `cpus` (a warning: the
//! spec is valid, the run succeeds).
//! ## Why is this bad?
//! The limits are ceilings, not reservations: an oversubscribed server works
//! until the containers are busy together, then the kernel's OOM killer or
//! CPU contention picks for you.
//! ## Example
//! `servers.build.memory = "16G";` with three containers of `memory = "8G";`
//! → `servers.build.memory = "32G";`, or move a container to another server.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for s in spec.servers.values() {
        let containers: Vec<_> = spec.containers_on(&s.name.value).collect();
        let names = |counted: &dyn Fn(&&&crate::model::Container) -> bool| {
            containers
                .iter()
                .filter(counted)
                .map(|c| c.name.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(cap) = &s.memory
            && let Some(cap_bytes) = cap.value.bytes
        {
            // Malformed sizes are reported by the resources rule.
            let total: u128 = containers
                .iter()
                .filter_map(|c| c.resources.memory.value.bytes)
                .map(u128::from)
                .sum();
            if total > u128::from(cap_bytes) {
                diags.push(
                    Diagnostic::warning(
                        "spec::server-capacity",
                        format!(
                            "the containers of server `{}` may use {} of memory together, more than its {}",
                            s.name.value,
                            gib(total),
                            cap.value.text
                        ),
                    )
                    .with_label(cap.span, format!("{} declared here", cap.value.text))
                    .with_help(format!(
                        "`resources.memory` of {} sums to {}: raise `memory`, lower a limit or move a container to another server",
                        names(&|c| c.resources.memory.value.bytes.is_some()),
                        gib(total)
                    )),
                );
            }
        }
        if let Some(cap) = &s.cpus {
            let cap_cpus = cap.value.as_f64();
            let total: f64 = containers
                .iter()
                .map(|c| c.resources.cpus.value.as_f64())
                .filter(|n| n.is_finite() && *n > 0.0)
                .sum();
            if cap_cpus.is_finite() && cap_cpus > 0.0 && total > cap_cpus + 1e-9 {
                diags.push(
                    Diagnostic::warning(
                        "spec::server-capacity",
                        format!(
                            "the containers of server `{}` may use {} CPUs together, more than its {}",
                            s.name.value,
                            round(total),
                            round(cap_cpus)
                        ),
                    )
                    .with_label(cap.span, format!("{} declared here", round(cap_cpus)))
                    .with_help(format!(
                        "`resources.cpus` of {} sums to {} (their `CPUQuota=`): raise `cpus`, lower a limit or move a container to another server",
                        names(&|_| true),
                        round(total)
                    )),
                );
            }
        }
    }
}

/// Bytes in GiB, as `MemoryMax=` sizes are binary: `12G`, `12.5G`.
fn gib(bytes: u128) -> String {
    #[allow(clippy::cast_precision_loss)]
    let g = bytes as f64 / f64::from(1u32 << 30);
    format!("{}G", round(g))
}

/// At most two decimals, no trailing zeros: `12`, `0.5`, `2.33`.
fn round(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::{gib, round};

    #[test]
    fn numbers_read_plainly() {
        assert_eq!(round(12.0), "12");
        assert_eq!(round(0.5), "0.5");
        assert_eq!(round(7.0 / 3.0), "2.33");
        assert_eq!(gib(3 << 30), "3G");
        assert_eq!(gib((5 << 30) / 2), "2.5G");
    }
}
