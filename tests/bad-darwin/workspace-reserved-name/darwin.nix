{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      workspaces = [ "1" "next" ];
    };
  };
}
