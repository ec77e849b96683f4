{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      gap = 10;
    };
  };
}
