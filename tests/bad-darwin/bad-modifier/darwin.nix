{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings."aalt-j" = "focus down";
    };
  };
}
