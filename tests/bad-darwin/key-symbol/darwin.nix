{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings."alt-;" = "mode service";
    };
  };
}
