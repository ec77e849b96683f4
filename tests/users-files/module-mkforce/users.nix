# mkForce wins over a plain definition elsewhere.
{ lib, ... }:
{
  imports = [ ./hardware-users.nix ];
  users.users.alice.uid = lib.mkForce 1501;
  users.users.alice.devbox.containers.enable = true;
}
