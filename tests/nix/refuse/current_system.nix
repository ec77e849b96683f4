# nix: accepts
{ system = builtins.currentSystem; }
