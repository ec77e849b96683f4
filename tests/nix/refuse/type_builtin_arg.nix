# nix: rejects
builtins.length "abc"
