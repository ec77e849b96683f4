{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    hostName = "coal's mac";
  };
}
