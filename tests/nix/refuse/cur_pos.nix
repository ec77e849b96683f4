# nix: accepts
__curPos
