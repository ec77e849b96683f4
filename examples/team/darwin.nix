# coal's MacBook: nix-darwin + home-manager + AeroSpace. devbox-gen renders it to
# generated/darwin/; see docs/darwin.md for wiring it into the flake.
{ pkgs, lib, ... }:
{
  hosts.coal-mbp = {
    user = "coal";
    system = "aarch64-darwin";
    hostName = "coal-mbp";
    stateVersion = 6;
    packages = [ "git" pkgs.ripgrep pkgs.jq "tailscale" ];
    casks = [ "ghostty" "1password" ];

    # nix-darwin's system.defaults, emitted as written.
    defaults = {
      dock = {
        autohide = true;
        autohide-delay = 0.0;
        tilesize = 48;
        show-recents = false;
        persistent-apps = [ "/Applications/Ghostty.app" "/System/Applications/Mail.app" ];
      };
      finder = {
        AppleShowAllExtensions = true;
        FXPreferredViewStyle = "clmv";
        ShowPathbar = true;
      };
      NSGlobalDomain = {
        "com.apple.swipescrolldirection" = false;
        InitialKeyRepeat = 15;
        KeyRepeat = 2;
        AppleInterfaceStyle = "Dark";
      };
      CustomUserPreferences."com.apple.screencapture".location = "~/Pictures/Screenshots";
    };

    aerospace = {
      gaps = {
        inner = 8;
        outer = { left = 8; right = 8; top = 4; bottom = 8; };
      };
      workspaces = [ "1" "2" "3" "4" "5" "T" "Notes" ];
      bindings = {
        alt-enter = "exec-and-forget open -n /Applications/Ghostty.app";
        alt-f = "fullscreen";
        alt-shift-f = [ "layout floating tiling" "mode main" ];
        # Replaces AeroSpace's default `alt-tab = workspace-back-and-forth`.
        alt-tab = "workspace --wrap-around next";
        alt-shift-n = "move-node-to-workspace Notes";
        alt-n = "workspace Notes";
      };
      onWindowDetected = [
        { appId = "com.apple.systempreferences"; run = "layout floating"; }
        { appId = "com.mitchellh.ghostty"; run = [ "move-node-to-workspace T" ]; }
      ];
    };
  };
}
