# nix: accepts
{ a = "café"; }
