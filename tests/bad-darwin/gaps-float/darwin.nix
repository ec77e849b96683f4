{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      gaps = 10.5;
    };
  };
}
