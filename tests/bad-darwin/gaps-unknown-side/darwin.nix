{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      gaps = { outer = { lft = 4; }; };
    };
  };
}
