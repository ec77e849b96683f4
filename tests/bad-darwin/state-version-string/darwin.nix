{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    stateVersion = "24.05";
  };
}
