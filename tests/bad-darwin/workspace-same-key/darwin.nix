{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      workspaces = [ "t" "T" ];
    };
  };
}
