rec { s = { p = 5; }; inherit (s) p; q = p + 1; }
