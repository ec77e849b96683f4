//! ## What it does
//! Checks resource limits: `cpus` from 0.01 up to what `CPUQuota=` holds,
//! `memory` as `<n>[KMGT]`, `pids` in 1–4194304, `ioWeight` in 1–10000 (the
//! range of systemd's `IOWeight=`), `swap` as `<n>[KMGT]` or `0`.
//! ## Why is this bad?
//! They become `CPUQuota=`, `MemoryMax=`, `TasksMax=`, `IOWeight=` and
//! `MemorySwapMax=`; systemd ignores a
//! malformed value with only a warning, leaving the container unbounded.
//! `CPUQuota=<n>%` is parsed as permyriad in an `int` (`parse_permyriad_unbounded()`
//! in systemd's `src/basic/percent-util.c`): at most (`INT_MAX` − 99) / 100 percent;
//! below 1% devbox-gen would have to round the quota up.
//! ## Example
//! `memory = "4GB";` → `memory = "4G";`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;
use crate::model::units::parse_memory;

/// systemd's largest `CPUQuota=` percentage: permyriad (×100 plus two decimals) in an `int`.
const MAX_CPU_QUOTA_PERCENT: f64 = ((i32::MAX - 99) / 100) as f64;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let r = &c.resources;
        let cpus = r.cpus.value.as_f64();
        let problem = if cpus.is_nan() || cpus < 0.01 {
            Some((
                format!(
                    "`cpus` of container `{}` must be at least 0.01",
                    c.name.value
                ),
                "expected a number of CPUs, e.g. 2 or 0.5",
            ))
        } else if cpus * 100.0 > MAX_CPU_QUOTA_PERCENT {
            Some((
                format!(
                    "`cpus` {cpus} of container `{}` is more than `CPUQuota=` can hold",
                    c.name.value
                ),
                "above systemd's CPUQuota= bound",
            ))
        } else {
            None
        };
        if let Some((message, label)) = problem {
            diags.push(super::invalid(
                "spec::cpus",
                message,
                r.cpus.span,
                label,
                &format!(
                    "it becomes `CPUQuota=<cpus × 100>%`; systemd accepts 1% to {MAX_CPU_QUOTA_PERCENT}%"
                ),
            ));
        }
        if r.memory.value.bytes.is_none() {
            let help = memory_hint(&r.memory.value.text);
            diags.push(super::invalid(
                "spec::memory",
                format!(
                    "`{}` is not a memory size",
                    r.memory.value.text.escape_debug()
                ),
                r.memory.span,
                "expected `<n>[KMGT]`, e.g. `4G` or `512M`",
                &help,
            ));
        }
        if let Some(w) = &r.io_weight
            && !(1..=10_000).contains(&w.value)
        {
            diags.push(super::invalid(
                "spec::io-weight",
                format!("`ioWeight` {} is out of range", w.value),
                w.span,
                "expected 1–10000",
                "it becomes systemd's `IOWeight=` (the default weight is 100)",
            ));
        }
        if let Some(swap) = &r.swap
            && swap.value.text != "0"
            && swap.value.bytes.is_none()
        {
            diags.push(super::invalid(
                "spec::swap",
                format!("`{}` is not a swap size", swap.value.text.escape_debug()),
                swap.span,
                "expected `<n>[KMGT]`, e.g. `2G`, or `0` for no swap",
                &memory_hint(&swap.value.text),
            ));
        }
        if !(1..=4_194_304).contains(&r.pids.value) {
            diags.push(super::invalid(
                "spec::pids",
                format!("`pids` {} is out of range", r.pids.value),
                r.pids.span,
                "expected 1–4194304",
                "",
            ));
        }
    }
}

pub(super) fn memory_hint(s: &str) -> String {
    let trimmed = s.trim_end_matches(['B', 'b', 'i']);
    let upper = trimmed.to_ascii_uppercase();
    if parse_memory(&upper).is_some() {
        format!("did you mean `{upper}`?")
    } else {
        "units are K, M, G, T (binary), with no `B`".into()
    }
}
