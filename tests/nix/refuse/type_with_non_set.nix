# nix: rejects
with 1; x
