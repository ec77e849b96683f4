//! ## What it does
//! Checks the top-level names of each Mac's `defaults` against nix-darwin's
//! `system.defaults` domains (modules/system/defaults/*.nix); values are
//! emitted as written and checked by nix-darwin's own option types.
//! ## Why is this bad?
//! An unknown domain is an evaluation error of the whole Mac config
//! (`The option system.defaults.doc does not exist`), found only on the Mac.
//! ## Example
//! `defaults.doc.autohide = true;` → `defaults.dock.autohide = true;`

use crate::diagnostics::Diagnostics;
use crate::model::{Spec, guess_or};

/// nix-darwin's `system.defaults.*` (master, 2026-06); `alf` was removed.
pub const DOMAINS: &[&str] = &[
    ".GlobalPreferences",
    "ActivityMonitor",
    "CustomSystemPreferences",
    "CustomUserPreferences",
    "LaunchServices",
    "NSGlobalDomain",
    "SoftwareUpdate",
    "WindowManager",
    "controlcenter",
    "dock",
    "finder",
    "hitoolbox",
    "iCal",
    "loginwindow",
    "magicmouse",
    "menuExtraClock",
    "screencapture",
    "screensaver",
    "smb",
    "spaces",
    "trackpad",
    "universalaccess",
];

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    let Some(darwin) = &spec.darwin else {
        return;
    };
    for host in darwin.hosts.values() {
        for domain in host.defaults.keys() {
            if DOMAINS.contains(&domain.as_str()) {
                continue;
            }
            let help = guess_or(
                domain,
                DOMAINS.iter().copied(),
                "other preference domains go under `CustomUserPreferences.\"<domain>\"`",
            );
            diags.push(super::invalid(
                "spec::darwin-defaults",
                format!(
                    "`{}` is not a nix-darwin `system.defaults` domain",
                    domain.escape_debug()
                ),
                host.defaults_spans
                    .get(domain)
                    .copied()
                    .unwrap_or(host.name.span),
                "unknown domain",
                &help,
            ));
        }
    }
}
