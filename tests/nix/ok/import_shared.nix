let a = import ./lib/values.nix; b = import ./lib/values.nix; in [ (a == b) a.n ]
