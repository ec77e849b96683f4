# nix: rejects
1.5 / 0
