{ lib, pkgs, ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
