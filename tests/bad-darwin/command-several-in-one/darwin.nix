{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-1 = "move-node-to-workspace 1; workspace 1";
    };
  };
}
