# nix: skip (Nix 2.8 wraps around on overflow; current Nix refuses)
4611686018427387904 * 2
