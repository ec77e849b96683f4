# nix: rejects
{ f = x: x; }
