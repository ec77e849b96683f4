{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    casks = [ "Google Chrome" "ghostty" ];
  };
}
