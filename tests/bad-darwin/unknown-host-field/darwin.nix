{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    pakages = [ "git" ];
  };
}
