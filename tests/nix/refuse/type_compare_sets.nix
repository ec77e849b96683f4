# nix: rejects
{ } < { }
