{ lib, pkgs, ... }:
{
  users = {
    coal = {
      uid = 1001;
      containers.enable = true;
    };
    ash = {
      uid = 1002;
      containers.enable = true;
    };
  };
}
