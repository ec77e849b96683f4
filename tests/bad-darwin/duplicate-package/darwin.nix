{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    packages = [ "git" pkgs.git pkgs.ripgrep ];
  };
}
