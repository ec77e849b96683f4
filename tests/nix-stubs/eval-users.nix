# A users file evaluated as NixOS would: with the stub NixOS declarations
# (nixos-options.nix), the option declarations of a generated module (the
# `options` of TREE/nixos/default.nix, as the host imports it; none when
# tree is null) and any further modules (host settings), in module-system.nix.
# Gives what the host would get for each user, as JSON-ready data.
{ users, tree ? null, modules ? [ ] }:
let
  ms = import ./module-system.nix;
  inherit (ms) lib;
  stubPkgs = import ./pkgs.nix;
  # nixpkgs' shells carry passthru.shellPath (types.shellPackage checks it).
  shell = name: stubPkgs.stubDrv name // { shellPath = "/bin/${name}"; };
  pkgs = stubPkgs // {
    zsh = shell "zsh";
    fish = shell "fish";
    bash = shell "bash";
    bashInteractive = shell "bash";
    shadow = stubPkgs.stubDrv "shadow" // { shellPath = "/bin/nologin"; };
  };
  generated = if tree == null then [ ] else [
    # Only its declarations: its config is for a host with devbox.enable.
    (args: {
      _file = "generated/nixos/default.nix";
      inherit ((import (tree + "/nixos/default.nix") args)) options;
    })
  ];
  eval = ms.evalModules {
    modules = import ./nixos-options.nix { inherit pkgs; } ++ generated ++ [ users ] ++ modules;
    specialArgs = { inherit pkgs; };
  };
  cfg = eval.config;
  # nixos/lib/utils.nix toShellPath, with the package named instead.
  showShell = s:
    if s == null then null
    else if builtins.isAttrs s then "package ${s.name}"
    else toString s;
  user = u: {
    inherit (u) name enable uid description isNormalUser isSystemUser group extraGroups home
      hashedPasswordFile linger autoSubUidGidRange;
    shell = showShell u.shell;
    packages = map (p: p.name) u.packages;
    keys = u.openssh.authorizedKeys.keys;
    keyFiles = map toString u.openssh.authorizedKeys.keyFiles;
  } // (if u ? devbox then { inherit (u) devbox; } else { });
in
{
  users = builtins.mapAttrs (_: user) cfg.users.users;
  groups = builtins.mapAttrs (_: g: { inherit (g) name gid; }) cfg.users.groups;
  inherit (cfg.users) mutableUsers;
  sops = builtins.mapAttrs (_: s: s.path) cfg.sops.secrets;
  age = builtins.mapAttrs (_: s: s.path) cfg.age.secrets;
  homeManagerUsers = builtins.attrNames cfg.home-manager.users;
}
