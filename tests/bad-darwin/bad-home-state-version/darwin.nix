{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    homeStateVersion = "25.4";
  };
}
