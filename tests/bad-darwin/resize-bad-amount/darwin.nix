{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-minus = "resize smart fifty";
    };
  };
}
