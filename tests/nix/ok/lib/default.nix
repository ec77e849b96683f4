{ fromDefault = true; other = import ./values.nix; }
