# A module with options-style structure: everything under `config`.
{ config, lib, pkgs, ... }:
{
  config = {
    users.users.alice = {
      isNormalUser = true;
      uid = 1201;
      shell = pkgs.fish;
      devbox.containers.enable = true;
      devbox.opVault = "Alice";
    };
  };
}
