{ lib, pkgs, ... }:
{
  users.users.alice = {
    isNormalUser = true;
    uid = lib.mkDefault 1000;
    shell = lib.mkDefault pkgs.bashInteractive;
    description = lib.mkDefault "Alice (default)";
    devbox.containers.enable = lib.mkDefault true;
  };
}
