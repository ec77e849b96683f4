# nix: skip (a spec function: nix-instantiate does not call it)
{ lib, ... }: { t = lib.types.str; }
