# Priorities: a shared default the host may override, a forced shell, and
# definitions of one user split over several lines.
{ lib, pkgs, ... }:
{
  users.users.zoe.isNormalUser = true;
  users.users.zoe.uid = lib.mkDefault 2500;
  users.users.zoe.shell = lib.mkForce pkgs.fish;
  users.users.zoe.devbox.containers.enable = lib.mkDefault true;
  users.users.zoe.devbox.containers.max = lib.mkOverride 900 5;
}
