//! ## What it does
//! Checks each Mac of darwin.nix: its name and `hostName` are DNS labels,
//! `system` is `aarch64-darwin` or `x86_64-darwin`, `stateVersion` is one
//! nix-darwin knows (1–7), `homeStateVersion` looks like `25.05`.
//! ## Why is this bad?
//! The host name becomes the directory, the `darwinConfigurations` attribute and
//! `networking.hostName`; nix-darwin refuses an unknown platform or a state
//! version above its `maxStateVersion`, and home-manager a malformed release.
//! ## Example
//! `stateVersion = "24.05";` → `stateVersion = 6;`

use crate::diagnostics::Diagnostics;
use crate::model::{Spec, guess_or};

const SYSTEMS: &[&str] = &["aarch64-darwin", "x86_64-darwin"];
/// nix-darwin's `system.maxStateVersion`: 6 on 25.05/25.11, 7 on 26.05 and master.
const MAX_STATE_VERSION: i64 = 7;

fn is_release(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b[2] == b'.'
        && (&s[3..] == "05" || &s[3..] == "11")
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        if !super::is_dns_label(&host.name.value) {
            diags.push(super::invalid(
                "spec::darwin-host",
                format!(
                    "`{}` is not a valid Mac name",
                    host.name.value.escape_debug()
                ),
                host.name.span,
                "expected 1–63 letters, digits or `-`, not starting or ending with `-`",
                "the name becomes a directory, a `darwinConfigurations` attribute and the default host name",
            ));
        } else if host.host_name.span != host.name.span
            && !super::is_dns_label(&host.host_name.value)
        {
            diags.push(super::invalid(
                "spec::darwin-host",
                format!(
                    "`{}` is not a valid host name",
                    host.host_name.value.escape_debug()
                ),
                host.host_name.span,
                "expected 1–63 letters, digits or `-`, not starting or ending with `-`",
                if host.host_name.value.contains(['_', ' ', '\'']) {
                    "macOS turns such names into something else on the network: use `-`"
                } else {
                    ""
                },
            ));
        }
        if !SYSTEMS.contains(&host.system.value.as_str()) {
            let help = guess_or(
                &host.system.value,
                SYSTEMS.iter().copied(),
                "Apple silicon is `aarch64-darwin`, Intel is `x86_64-darwin`",
            );
            diags.push(super::invalid(
                "spec::darwin-system",
                format!(
                    "`{}` is not a Darwin platform",
                    host.system.value.escape_debug()
                ),
                host.system.span,
                "expected `aarch64-darwin` or `x86_64-darwin`",
                &help,
            ));
        }
        let sv = &host.state_version;
        if !(1..=MAX_STATE_VERSION).contains(&sv.value) {
            diags.push(super::invalid(
                "spec::darwin-state-version",
                format!("nix-darwin has no state version {}", sv.value),
                sv.span,
                "expected 1–7",
                "nix-darwin's `system.stateVersion` is a small integer (6 on 25.05/25.11, 7 on 26.05); keep the one the Mac was installed with",
            ));
        }
        let hv = &host.home_state_version;
        if !is_release(&hv.value) {
            diags.push(super::invalid(
                "spec::darwin-state-version",
                format!(
                    "`{}` is not a home-manager release",
                    hv.value.escape_debug()
                ),
                hv.span,
                "expected `YY.05` or `YY.11`",
                "home-manager's `home.stateVersion` is a release string such as \"25.05\"",
            ));
        }
    }
}
