//! The commands AeroSpace has, each with its forms in the synopsis language of
//! the module above, and the word sets its arguments take.

/// Command name → its forms. Sorted as AeroSpace's `CmdKind`.
pub const COMMANDS: &[(&str, &[&str])] = &[
    ("balance-sizes", &["[--workspace <workspace>]"]),
    (
        "close",
        &["[--quit-if-last-window] [--window-id <window-id>]"],
    ),
    (
        "close-all-windows-but-current",
        &["[--quit-if-last-window]"],
    ),
    (
        "config",
        &[
            "--get <text> [--json] [--keys]",
            "--major-keys",
            "--all-keys",
            "--config-path",
        ],
    ),
    ("debug-windows", &["[--window-id <window-id>]"]),
    (
        "echo",
        &["[--stderr] [--window-id <window-id>] -- <text>..."],
    ),
    ("enable", &["(toggle)", "[--fail-if-noop] (on|off)"]),
    ("false", &[""]),
    ("flatten-workspace-tree", &["[--workspace <workspace>]"]),
    (
        "focus",
        &[
            "[--ignore-floating] [--wrap-around] [--boundaries <boundary>] [--boundaries-action <focus-boundaries-action>] [--fail-if-fullscreen] [--fail-if-macos-native-fullscreen] (left|down|up|right)",
            "[--ignore-floating] [--wrap-around] [--boundaries-action <focus-boundaries-action>] (dfs-next|dfs-prev)",
            "--window-id <window-id>",
            "--dfs-index <number>",
        ],
    ),
    ("focus-back-and-forth", &[""]),
    (
        "focus-monitor",
        &[
            "[--wrap-around] (left|down|up|right|next|prev)",
            "[--] <monitor-pattern>...",
        ],
    ),
    (
        "fullscreen",
        &[
            "[--no-outer-gaps] [--window-id <window-id>]",
            "[--no-outer-gaps] [--fail-if-noop] [--window-id <window-id>] (on)",
            "[--fail-if-noop] [--window-id <window-id>] (off)",
        ],
    ),
    (
        "join-with",
        &["[--window-id <window-id>] (left|down|up|right)"],
    ),
    (
        "layout",
        &[
            "[--window-id <window-id>|--workspace <workspace>] [--root] [--fail-if-noop] <layout>...",
        ],
    ),
    (
        "list-apps",
        &["[--macos-native-hidden <no?>] [--format <text>] [--count] [--json]"],
    ),
    ("list-exec-env-vars", &[""]),
    ("list-modes", &["[--current] [--count] [--json]"]),
    (
        "list-monitors",
        &["[--focused <no?>] [--mouse <no?>] [--format <text>] [--count] [--json]"],
    ),
    (
        "list-windows",
        &[
            "[--workspace <text>...] [--monitor <text>...] [--pid <number>] [--app-bundle-id <text>] [--format <text>] [--count] [--json]",
            "[--all|--focused] [--format <text>] [--count] [--json]",
        ],
    ),
    (
        "list-workspaces",
        &[
            "--monitor <text>... [--visible <no?>] [--empty <no?>] [--format <text>] [--count] [--json]",
            "[--all|--focused] [--format <text>] [--count] [--json]",
        ],
    ),
    (
        "macos-native-fullscreen",
        &["[--fail-if-noop] [--window-id <window-id>] [on|off]"],
    ),
    ("macos-native-minimize", &["[--window-id <window-id>]"]),
    ("mode", &["[--] <mode>"]),
    (
        "move",
        &[
            "[--window-id <window-id>] [--boundaries <boundary>] [--boundaries-action <move-boundaries-action>] [--fail-if-fullscreen] [--fail-if-macos-native-fullscreen] (left|down|up|right)",
        ],
    ),
    (
        "move-mouse",
        &[
            "[--fail-if-noop] (monitor-lazy-center|monitor-force-center|window-lazy-center|window-force-center)",
        ],
    ),
    (
        "move-node-to-monitor",
        &[
            "[--window-id <window-id>] [--focus-follows-window] [--fail-if-noop] [--wrap-around] (left|down|up|right|next|prev)",
            "[--window-id <window-id>] [--focus-follows-window] [--fail-if-noop] [--] <monitor-pattern>...",
        ],
    ),
    (
        "move-node-to-workspace",
        &[
            "[--wrap-around] [--focus-follows-window] [--stdin|--no-stdin] (next|prev)",
            "[--fail-if-noop] [--window-id <window-id>] [--focus-follows-window] [--] <workspace>",
        ],
    ),
    (
        "move-workspace-to-monitor",
        &[
            "[--workspace <workspace>] [--wrap-around] (left|down|up|right|next|prev)",
            "[--workspace <workspace>] [--] <monitor-pattern>...",
        ],
    ),
    (
        "reload-config",
        &["[--no-gui] [--dry-run] [--warnings-as-errors]"],
    ),
    (
        "resize",
        &["[--window-id <window-id>] (smart|smart-opposite|width|height) <amount>"],
    ),
    (
        "run-callback",
        &[
            "[--for-every-window|--window-id <window-id>] (on-window-detected)",
            "(on-focus-changed|on-focused-monitor-changed)",
        ],
    ),
    (
        "split",
        &["[--window-id <window-id>] (horizontal|vertical|opposite)"],
    ),
    ("subscribe", &["[--all] [--no-send-initial] <event>..."]),
    ("summon-workspace", &["[--fail-if-noop] [--] <workspace>"]),
    (
        "swap",
        &[
            "[--swap-focus] [--wrap-around] [--window-id <window-id>] (left|down|up|right|dfs-next|dfs-prev)",
        ],
    ),
    ("test", &["<text> (=|~=) <text>"]),
    ("test-not", &["<text> (=|~=) <text>"]),
    ("trigger-binding", &["--mode <mode> [--] <binding>"]),
    ("true", &[""]),
    (
        "volume",
        &[
            "[--no-gui] (up|down|mute-toggle|mute-on|mute-off)",
            "[--no-gui] (set) <number>",
        ],
    ),
    (
        "workspace",
        &[
            "[--auto-back-and-forth|--fail-if-noop] [--] <workspace>",
            "[--wrap-around] [--stdin|--no-stdin] (next|prev)",
        ],
    ),
    ("workspace-back-and-forth", &[""]),
];

/// Deprecated spellings AeroSpace still accepts, and the command they are.
pub const ALIASES: &[(&str, &str)] = &[
    ("move-through", "move"),
    ("move-workspace-to-display", "move-workspace-to-monitor"),
];

/// Commands that exist but cannot be used in the config.
pub(super) const NOT_IN_CONFIG: &[(&str, &str)] = &[(
    "eval",
    "`eval` is forbidden in the config (AeroSpace: \"Illegal eval\"); write the commands themselves",
)];

/// Sets of words an argument may be.
pub const ENUMS: &[(&str, &[&str])] = &[
    ("boundary", &["workspace", "all-monitors-outer-frame"]),
    (
        "focus-boundaries-action",
        &[
            "stop",
            "fail",
            "wrap-around-the-workspace",
            "wrap-around-all-monitors",
        ],
    ),
    (
        "move-boundaries-action",
        &["stop", "fail", "create-implicit-container"],
    ),
    (
        "layout",
        &[
            "h_tiles",
            "v_tiles",
            "h_accordion",
            "v_accordion",
            "tiles",
            "accordion",
            "horizontal",
            "vertical",
            "tiling",
            "floating",
            // legacy aliases
            "list",
            "h_list",
            "v_list",
        ],
    ),
    (
        "event",
        &[
            "focus-changed",
            "focused-monitor-changed",
            "focused-workspace-changed",
            "mode-changed",
            "window-detected",
            "binding-triggered",
        ],
    ),
];
