let a = import ./lib/sub/mutual-a.nix; in [ a.x a.fromB (import ./lib/other/mutual-b.nix).fromA ]
