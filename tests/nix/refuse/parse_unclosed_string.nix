# nix: rejects
{ a = "abc; }
