(import ./lib/with-throw.nix).ok
