{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings."option-j" = "focus down";
    };
  };
}
