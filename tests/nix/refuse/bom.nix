# nix: rejects
{ a = 1; }
