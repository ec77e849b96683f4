//! AeroSpace's own default config (`docs/config-examples/default-config.toml`
//! at v0.21.3, the file AeroSpace loads when there is none): the base of every
//! generated `aerospace.toml`, so a generated file does not silently drop a
//! default. Its workspace bindings (`alt-1` … `alt-z`, `alt-shift-…`) and
//! `persistent-workspaces` are left out here: they come from the host's
//! `workspaces` and `modifier`.
//!
//! Two keys of the default file are left out because AeroSpace 0.20 does not
//! know them (an unknown key is an error there) and their defaults are what
//! AeroSpace does without them: `auto-reload-config = false` and
//! `focus-follows-mouse.enabled = false` (both since 0.21.0).

/// `[mode.main.binding]` of the default config, minus the workspace bindings.
pub const MAIN_BINDINGS: &[(&str, &[&str])] = &[
    ("alt-slash", &["layout tiles horizontal vertical"]),
    ("alt-comma", &["layout accordion horizontal vertical"]),
    ("alt-h", &["focus left"]),
    ("alt-j", &["focus down"]),
    ("alt-k", &["focus up"]),
    ("alt-l", &["focus right"]),
    ("alt-shift-h", &["move left"]),
    ("alt-shift-j", &["move down"]),
    ("alt-shift-k", &["move up"]),
    ("alt-shift-l", &["move right"]),
    ("alt-minus", &["resize smart -50"]),
    ("alt-equal", &["resize smart +50"]),
    ("alt-tab", &["workspace-back-and-forth"]),
    (
        "alt-shift-tab",
        &["move-workspace-to-monitor --wrap-around next"],
    ),
    ("alt-shift-semicolon", &["mode service"]),
];

/// `[mode.service.binding]` of the default config.
pub const SERVICE_BINDINGS: &[(&str, &[&str])] = &[
    ("esc", &["reload-config", "mode main"]),
    ("r", &["flatten-workspace-tree", "mode main"]),
    ("f", &["layout floating tiling", "mode main"]),
    ("backspace", &["close-all-windows-but-current", "mode main"]),
    ("alt-shift-h", &["join-with left", "mode main"]),
    ("alt-shift-j", &["join-with down", "mode main"]),
    ("alt-shift-k", &["join-with up", "mode main"]),
    ("alt-shift-l", &["join-with right", "mode main"]),
];

/// The binding modes of the generated config.
pub const MODES: &[&str] = &["main", "service"];

/// Settings of the default config, in its order (values as TOML).
pub const SETTINGS: &[(&str, Setting)] = &[
    ("after-startup-command", Setting::Commands(&[])),
    // nix-darwin's `services.aerospace` and home-manager's `programs.aerospace`
    // start AeroSpace from a launchd agent and force this off.
    ("start-at-login", Setting::Bool(false)),
    (
        "enable-normalization-flatten-containers",
        Setting::Bool(true),
    ),
    (
        "enable-normalization-opposite-orientation-for-nested-containers",
        Setting::Bool(true),
    ),
    ("accordion-padding", Setting::Int(30)),
    ("default-root-container-layout", Setting::Str("tiles")),
    ("default-root-container-orientation", Setting::Str("auto")),
    (
        "on-focused-monitor-changed",
        Setting::Commands(&["move-mouse monitor-lazy-center"]),
    ),
    (
        "automatically-unhide-macos-hidden-apps",
        Setting::Bool(false),
    ),
    ("on-mode-changed", Setting::Commands(&[])),
];

/// `key-mapping.preset` of the default config.
pub const KEY_MAPPING_PRESET: &str = "qwerty";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Bool(bool),
    Int(i64),
    Str(&'static str),
    Commands(&'static [&'static str]),
}

/// Whether the generated config flattens containers (AeroSpace then rejects `split`).
pub fn flatten_containers() -> bool {
    SETTINGS
        .iter()
        .any(|(k, v)| *k == "enable-normalization-flatten-containers" && *v == Setting::Bool(true))
}

#[cfg(test)]
mod tests {
    use super::super::commands::{Context, check};
    use super::super::keys;
    use super::*;

    #[test]
    fn defaults_pass_the_checker() {
        let ctx = Context {
            modes: MODES,
            flatten_containers: flatten_containers(),
        };
        for (key, cmds) in MAIN_BINDINGS.iter().chain(SERVICE_BINDINGS) {
            assert!(keys::parse(key).is_ok(), "{key}");
            for c in cmds.iter() {
                assert_eq!(check(c, &ctx), Ok(()), "{c}");
            }
        }
        for (_, v) in SETTINGS {
            if let Setting::Commands(cmds) = v {
                for c in cmds.iter() {
                    assert_eq!(check(c, &ctx), Ok(()), "{c}");
                }
            }
        }
    }
}
