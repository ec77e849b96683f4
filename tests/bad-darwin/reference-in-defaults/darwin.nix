{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    defaults.dock.tilesize = pkgs.tilesize;
  };
}
