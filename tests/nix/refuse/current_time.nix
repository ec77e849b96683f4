# nix: accepts
{ t = builtins.currentTime; }
