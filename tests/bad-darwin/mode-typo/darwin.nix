{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-r = [ "mode servce" ];
    };
  };
}
