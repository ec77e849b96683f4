# nix: skip (a spec function: nix-instantiate does not call it)
{ pkgs, ... }: { x = if pkgs.stdenv.isLinux then 1 else 2; }
