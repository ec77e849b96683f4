# nix: rejects
toString { a = 1; }
