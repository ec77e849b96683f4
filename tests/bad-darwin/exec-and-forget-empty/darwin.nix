{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-enter = "exec-and-forget";
    };
  };
}
