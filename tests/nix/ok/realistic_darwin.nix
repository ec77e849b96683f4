let
  workspaces = map toString (builtins.genList (i: i + 1) 9);
in {
  hosts.mac = {
    user = "alice";
    packages = [ "git" ];
    aerospace = {
      gaps = { inner = 8; outer = 4; };
      inherit workspaces;
      bindings = builtins.listToAttrs (map (w: { name = "alt-${w}"; value = "workspace ${w}"; }) workspaces);
    };
    defaults.dock.autohide = true;
  };
}
