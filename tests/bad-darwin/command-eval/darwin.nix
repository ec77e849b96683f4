{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      bindings.alt-e = "eval 'focus left'";
    };
  };
}
