# Accounts split over files: each file is a module the users file imports,
# and NixOS merges every definition of a user, wherever it is.
{ pkgs, ... }:
{
  imports = [ ./people/bea.nix ];

  users.users.bea = {
    isNormalUser = true;
    uid = 2700;
    shell = pkgs.zsh;
    devbox.containers.enable = true;
  };
}
