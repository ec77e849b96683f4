# nix: accepts
{ key = ./cycle/a.nix; }
