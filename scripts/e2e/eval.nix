# The generated NixOS module, evaluated the way the harness installs it: with
# devbox.enable, the owners' accounts from users.nix, and the module's own
# option defaults (its images/ of the tree). Prints the NixOS options the
# module sets, mkIf resolved; scripts/e2e/install.py writes them into the
# guest and refuses any option it does not know how to apply.
# `module`: the module's directory in the tree (`nixos/<server>` for a spec
# with `servers`).
{ tree, module ? "nixos", namesJson, usersJson, opTokenFile, podmanVersion }:
let
  lib = import ./lib.nix;
  pkgs = import ./pkgs.nix { names = builtins.fromJSON namesJson; };
  m = import (tree + "/${module}") { inherit config lib pkgs; };
  defaults = builtins.mapAttrs (_: o: o.default) (lib.filterAttrs (_: o: o ? default) m.options.devbox);
  config = {
    devbox = defaults // { enable = true; inherit opTokenFile; };
    users.users = builtins.fromJSON usersJson;
    # The guest's podman, with the version the module asserts on.
    virtualisation.podman.package = pkgs.podman // { version = podmanVersion; };
  };
  isIf = v: builtins.isAttrs v && (v._type or null) == "if";
  resolve = v:
    if isIf v then (if v.condition then resolve v.content else null)
    else if builtins.isAttrs v && !(v ? outPath) then
      lib.filterAttrs (_: x: x != null) (builtins.mapAttrs (_: resolve) v)
    else if builtins.isList v then map resolve v
    else v;
  cfg = resolve m.config;
  # Where each file of the tree lands in the store (the module names them
  # `tree + "/…"`): install.py maps `source` paths back to the tree with it.
  files = dir: rel: builtins.concatLists (lib.mapAttrsToList
    (n: t: if t == "directory" then files (dir + "/${n}") "${rel}${n}/" else [ { name = builtins.unsafeDiscardStringContext "${dir + "/${n}"}"; value = "${rel}${n}"; } ])
    (builtins.readDir dir));
in
cfg // {
  treeFiles = builtins.listToAttrs (files tree "");
  # What NixOS appends to every service's `path`; the last one is systemd,
  # whose bin/ alone is the PATH of a NixOS user manager.
  defaultPath = map (p: p.outPath) [ pkgs.coreutils pkgs.findutils pkgs.gnugrep pkgs.gnused pkgs.systemd ];
  # A function: applied here to the one package the module must allow.
  nixpkgs = builtins.mapAttrs (_: c: {
    allows1PasswordCli = c.allowUnfreePredicate (pkgs._1password-cli // { pname = "1password-cli"; });
  }) (cfg.nixpkgs or { });
}
