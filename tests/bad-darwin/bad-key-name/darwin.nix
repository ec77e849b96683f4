{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings."alt-hh" = "focus left";
    };
  };
}
