# Accounts from a table of people with lib.mapAttrs.
{ lib, pkgs, ... }:
let
  people = {
    mallory = {
      id = 1500;
      fullName = "Mallory Knox";
      key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneMapMallory mallory@box";
      dev = true;
    };
    niaj = {
      id = 1501;
      fullName = "Niaj";
      key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneMapNiaj000 niaj@box";
      dev = false;
    };
  };
in
{
  users.users = lib.mapAttrs (name: p: {
    isNormalUser = true;
    uid = p.id;
    description = p.fullName;
    openssh.authorizedKeys.keys = [ p.key ];
    devbox.containers.enable = p.dev;
  }) people;
}
