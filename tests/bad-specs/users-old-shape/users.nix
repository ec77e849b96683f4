# devbox-gen's shape before users.nix became a NixOS module.
{ pkgs, ... }:
let
  keys = { coal = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl coal@mac"; };
in
{
  users.mutableUsers = false;
  users.coal = {
    uid = 1001;
    shell = pkgs.zsh;
    sshKeys = [ keys.coal ];
    containers = {
      enable = true;
      max = 4;
    };
  };
  users.ash = {
    uid = 1002;
    isNormalUser = true;
    containers.enable = true;
    containers.opVault = "DevBox-Ash";
  };
}
