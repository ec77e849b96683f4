{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    packages = [ "ripgrep" "python3Packages.assert" "rec" "nodePackages.let" ];
  };
}
