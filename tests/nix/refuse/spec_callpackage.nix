# nix: skip (a spec function: nix-instantiate does not call it)
{ pkgs, ... }: { tool = pkgs.callPackage ./tool.nix { }; }
