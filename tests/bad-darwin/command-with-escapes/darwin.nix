{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-h = "focus\tlft";
    };
  };
}
