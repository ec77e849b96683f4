{ "ünïcødé" = "日本語 ✓"; emoji = "🎉"; len = builtins.stringLength "é"; }
