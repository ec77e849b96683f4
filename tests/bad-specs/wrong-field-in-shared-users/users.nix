{ config, lib, pkgs, ... }:
{
  users.coal = {
    isNormalUser = true;
    hashedPasswordFile = config.sops.secrets.coal.path;
    packages = with pkgs; [ git ];
    uid = "1001";
    containers.enable = true;
  };
}
