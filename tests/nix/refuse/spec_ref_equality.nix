# nix: skip (a spec function: nix-instantiate does not call it)
{ pkgs, ... }: { same = pkgs.git == pkgs.git; }
