//! ## What it does
//! Checks resource limits: `cpus` from 0.01 up to what `CPUQuota=` holds,
//! `memory` as `<n>[KMGT]`, `pids` in 1–4194304, `ioWeight` in 1–10000 (the
//! range of systemd's `IOWeight=`), `swap` as `<n>[KMGT]` or `0`, `homeSize`
//! as `<n>[KMGT]` of at least [`MIN_HOME_SIZE`].
//! ## Why is this bad?
//! They become `CPUQuota=`, `MemoryMax=`, `TasksMax=`, `IOWeight=` and
//! `MemorySwapMax=`, and `homeSize` the block limit of a project quota; systemd ignores a
//! malformed value with only a warning, leaving the container unbounded.
//! `CPUQuota=<n>%` is parsed as permyriad in an `int` (`parse_permyriad_unbounded()`
//! in systemd's `src/basic/percent-util.c`): at most (`INT_MAX` − 99) / 100 percent;
//! below 1% devbox-gen would have to round the quota up.
//! ## Example
//! `memory = "4GB";` → `memory = "4G";`

use crate::diagnostics::Diagnostics;
use crate::model::units::{Memory, parse_memory};
use crate::model::{Spanned, Spec};

/// The smallest home cap: the image's home is copied in at the first start
/// and the entrypoint writes its state there (Tailscale, ssh, Syncthing); a
/// smaller quota fails that start with "Disk quota exceeded".
pub const MIN_HOME_SIZE: u64 = 64 << 20;

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
        if let Some(size) = &r.home_size {
            check_home_size(size, diags);
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

fn check_home_size(size: &Spanned<Memory>, diags: &mut Diagnostics) {
    let text = &size.value.text;
    // `0`, `0G`: a size, but none (parse_memory refuses zero).
    let zero = text.trim_end_matches(['K', 'M', 'G', 'T']);
    let zero = !zero.is_empty() && zero.bytes().all(|b| b == b'0');
    match size.value.bytes {
        None if !zero => diags.push(super::invalid(
            "spec::home-size",
            format!("`{}` is not a home size", text.escape_debug()),
            size.span,
            "expected `<n>[KMGT]`, e.g. `20G`",
            &memory_hint(text),
        )),
        // The NixOS module holds it in a Nix integer (signed 64 bits).
        Some(b) if b > i64::MAX as u64 => diags.push(super::invalid(
            "spec::home-size",
            format!("a home of `{}` is too large", text.escape_debug()),
            size.span,
            "more than 2^63 - 1 bytes",
            "the cap is a count of bytes in a signed 64-bit integer",
        )),
        Some(b) if b >= MIN_HOME_SIZE => {}
        _ => diags.push(super::invalid(
            "spec::home-size-too-small",
            format!("a home of `{}` is too small", text.escape_debug()),
            size.span,
            "below 64M",
            "the image's home is copied in and the entrypoint writes its state there at the first start; leave `homeSize` out for no cap",
        )),
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
