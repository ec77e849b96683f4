{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      gaps = { inner = -2; outer = 4; };
    };
  };
}
