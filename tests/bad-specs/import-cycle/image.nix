import ./shared.nix
