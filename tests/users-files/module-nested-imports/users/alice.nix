{ pkgs, ... }:
{ users.users.alice = { isNormalUser = true; uid = 2201; shell = pkgs.zsh; devbox.containers.enable = true; }; }
