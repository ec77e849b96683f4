# nix: rejects
{ a = 1; } // [ 2 ]
