# Accounts from a list, with builtins.listToAttrs and lib.nameValuePair.
{ lib, pkgs, ... }:
let
  team = [
    { name = "olivia"; uid = 1600; shell = pkgs.zsh; vault = "Olivia"; }
    { name = "peggy"; uid = 1601; shell = pkgs.fish; vault = null; }
  ];
in
{
  users.users = builtins.listToAttrs (map
    (u: lib.nameValuePair u.name {
      isNormalUser = true;
      inherit (u) uid shell;
      devbox.containers.enable = true;
      devbox.opVault = u.vault;
    })
    team);
}
