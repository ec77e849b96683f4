(import ./lib/mk-user.nix) "carol"
