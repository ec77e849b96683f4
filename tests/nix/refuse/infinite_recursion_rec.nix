# nix: rejects
rec { a = b; b = a; }.a
