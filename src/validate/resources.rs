//! ## What it does
//! Checks resource limits: `cpus` > 0 (at most 1024), `memory` as `<n>[KMGT]`,
//! `pids` in 1–4194304.
//! ## Why is this bad?
//! They become `CPUQuota=`, `MemoryMax=` and `TasksMax=`; systemd ignores a
//! malformed value with only a warning, leaving the container unbounded.
//! ## Example
//! `memory = "4GB";` → `memory = "4G";`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;
use crate::model::units::parse_memory;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let r = &c.resources;
        let cpus = r.cpus.value.as_f64();
        if !(cpus > 0.0 && cpus <= 1024.0) {
            diags.push(super::invalid(
                "spec::cpus",
                format!(
                    "`cpus` of container `{}` must be greater than 0",
                    c.name.value
                ),
                r.cpus.span,
                "expected a number of CPUs, e.g. 2 or 0.5",
                "",
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

fn memory_hint(s: &str) -> String {
    let trimmed = s.trim_end_matches(['B', 'b', 'i']);
    let upper = trimmed.to_ascii_uppercase();
    if parse_memory(&upper).is_some() {
        format!("did you mean `{upper}`?")
    } else {
        "units are K, M, G, T (binary), with no `B`".into()
    }
}
