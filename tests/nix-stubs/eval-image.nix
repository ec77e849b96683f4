# The buildLayeredImage arguments of one generated image, against the stub pkgs.
{ tree, image }:
let
  pkgs = import ./pkgs.nix;
  sanitize = import ./sanitize.nix { root = toString tree; };
in
sanitize (import (tree + "/images/${image}") { inherit pkgs; }).stubArgs
