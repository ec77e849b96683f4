# nix: skip (a spec function: nix-instantiate does not call it)
{ pkgs, ... }: { shell = "${pkgs.zsh}/bin/zsh"; }
