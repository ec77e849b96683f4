{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    system = "arm64-darwin";
    casks = [ "Visual Studio Code" ];
    defaults.NSGlobalDomian.KeyRepeat = 2;
    aerospace = {
      modifier = "super";
      workspaces = [ "1" "all" ];
      bindings = {
        "alt-Enter" = "exec-and-forget open -a Ghostty";
        alt-h = [ "focus left" "layout tile" ];
      };
    };
  };
}
