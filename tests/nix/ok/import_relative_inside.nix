(import ./lib/sub/relative.nix).value
