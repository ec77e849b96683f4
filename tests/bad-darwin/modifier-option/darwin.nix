{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      modifier = "option";
    };
  };
}
