(import ./lib/sub/relative.nix).text
