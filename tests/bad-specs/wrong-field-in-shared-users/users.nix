{ config, lib, pkgs, ... }:
{
  users.users.coal = {
    isNormalUser = true;
    hashedPasswordFile = config.sops.secrets.coal.path;
    packages = with pkgs; [ git ];
    uid = "1001";
    devbox.containers.enable = true;
  };
}
