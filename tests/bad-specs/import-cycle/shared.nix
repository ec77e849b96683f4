(import ./image.nix) // { tag = "v1"; }
