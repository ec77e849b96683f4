# nix: skip (a spec function: nix-instantiate does not call it)
{ config, ... }: { uid = config.users.base + 1; }
