(import ./lib/values.nix).list
