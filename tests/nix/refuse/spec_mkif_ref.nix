# nix: skip (a spec function: nix-instantiate does not call it)
{ lib, config, ... }: { x = lib.mkIf config.enable 1; }
