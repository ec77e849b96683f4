{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    defaults.dock.persistent-apps = [ ./Ghostty.app ];
  };
}
