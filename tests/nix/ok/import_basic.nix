import ./lib/values.nix
