let
  base = { resources = { cpus = 2; memory = "4G"; }; tailscale.ssh = true; };
  mk = owner: extra: base // { inherit owner; } // extra;
in {
  defaults = base;
  images.dev = { tag = "latest"; packages = [ "git" "ripgrep" ]; env.EDITOR = "vim"; };
  containers = builtins.listToAttrs (map (n: { name = "box-${n}"; value = mk n { hostname = "box-${n}"; }; }) [ "alice" "bob" ]);
  cleanup = { onCalendar = "daily"; randomizedDelay = "1h"; };
}
