//! What AeroSpace accepts in `aerospace.toml`, as data: binding keys
//! ([`keys`]), commands and their grammar ([`commands`]), workspace names, and
//! AeroSpace's own default config ([`defaults`]), which the generated file
//! starts from. AeroSpace only runs on macOS and refuses a config with an
//! unknown key, so its rules live here, checked before anything reaches a Mac;
//! the facts are from AeroSpace's sources (`Sources/AppBundle/config/`, the
//! command parsers, `WorkspaceName.swift`), also summarised in
//! `tests/reference/aerospace-schema.json`.

pub mod commands;
pub mod defaults;
pub mod keys;

/// `WorkspaceName.swift`: names AeroSpace reserves for its own arguments.
pub const RESERVED_WORKSPACE_NAMES: &[&str] = &[
    "focused",
    "non-focused",
    "visible",
    "invisible",
    "non-visible",
    "active",
    "non-active",
    "inactive",
    "back-and-forth",
    "back_and_forth",
    "previous",
    "prev",
    "next",
    "monitor",
    "workspace",
    "monitors",
    "workspaces",
    "all",
    "none",
    "mouse",
    "target",
];

/// Why AeroSpace refuses `name` as a workspace name (`WorkspaceName.parse`), if it does.
pub fn workspace_name_problem(name: &str) -> Option<String> {
    if RESERVED_WORKSPACE_NAMES.contains(&name) {
        return Some(format!("`{name}` is a reserved workspace name"));
    }
    if name.is_empty() {
        return Some("a workspace name cannot be empty".into());
    }
    if name.contains(',') {
        return Some(format!("workspace name `{name}` contains `,`"));
    }
    if name.starts_with('_') {
        return Some(format!(
            "workspace name `{name}` starts with `_`, which AeroSpace reserves"
        ));
    }
    if name.starts_with('-') {
        return Some(format!(
            "workspace name `{name}` starts with `-` (it would read as a flag)"
        ));
    }
    if name.chars().any(char::is_whitespace) {
        return Some(format!(
            "workspace name `{}` contains whitespace",
            name.escape_debug()
        ));
    }
    None
}

/// The key of the generated bindings of a workspace: its name lowercased, when
/// that is one AeroSpace key name (`T` → `t`, `1` → `1`); other names get none.
pub fn workspace_key(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    keys::KEY_NAMES.iter().copied().find(|k| *k == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_names() {
        assert_eq!(workspace_name_problem("1"), None);
        assert_eq!(workspace_name_problem("Web"), None);
        for bad in ["next", "focused", "", "a,b", "_x", "-x", "a b"] {
            assert!(workspace_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn workspace_keys() {
        assert_eq!(workspace_key("1"), Some("1"));
        assert_eq!(workspace_key("T"), Some("t"));
        assert_eq!(workspace_key("F1"), Some("f1"));
        assert_eq!(workspace_key("Web"), None);
        assert_eq!(workspace_key("pageUp"), None);
    }
}
