{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings."alt-shift-H" = "move left";
    };
  };
}
