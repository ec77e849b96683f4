# nix: rejects
1 + "a"
