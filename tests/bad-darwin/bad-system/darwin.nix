{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    system = "aarch64-linux";
  };
}
