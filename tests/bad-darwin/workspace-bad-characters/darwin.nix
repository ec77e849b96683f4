{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      workspaces = [ "a b" "$x" "_tmp" ];
    };
  };
}
