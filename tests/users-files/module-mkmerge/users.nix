# Two partial user sets merged with mkMerge (the same user in both).
{ lib, pkgs, ... }:
{
  users.users = lib.mkMerge [
    {
      alice = { uid = 1301; isNormalUser = true; };
      bob = { uid = 1302; isNormalUser = true; };
    }
    {
      alice.devbox.containers.enable = true;
      alice.shell = pkgs.zsh;
      bob.devbox.containers.enable = true;
    }
  ];
}
