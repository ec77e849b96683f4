{ pkgs, ... }:
{ users.users.alice = { uid = 2201; shell = pkgs.zsh; devbox.containers.enable = true; }; }
