{ ok = "fine"; bad = throw "never"; }
