# users.nix: TODO

