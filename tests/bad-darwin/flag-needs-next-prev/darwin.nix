{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-n = "move-node-to-workspace --wrap-around 3";
    };
  };
}
