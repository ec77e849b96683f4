{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings = {
        "alt-shift-h" = "move left";
        "shift-alt-h" = "focus left";
      };
    };
  };
}
