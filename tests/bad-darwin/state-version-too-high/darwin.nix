{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    stateVersion = 42;
  };
}
