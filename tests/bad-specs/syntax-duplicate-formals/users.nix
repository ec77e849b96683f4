{ pkgs, lib, pkgs, ... }:
{
  users.coal = {
    uid = 1001;
    containers.enable = true;
  };
}
