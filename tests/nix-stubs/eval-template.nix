# Evaluates the flake template (nix/template, `nix flake init -t`) after
# `devbox-gen render ./spec --out ./generated`, against stub inputs: what each
# nixosConfiguration and darwinConfiguration is made of, as JSON-able data for
# tests/suite/flake.rs:
#
#   nix-instantiate --store dummy:// --eval --strict --json \
#     --arg dir /path/to/initialised/template tests/nix-stubs/eval-template.nix
#
# nixosSystem and darwinSystem return their arguments; each module of a server
# that is a function is applied to stub config/lib/pkgs (the generated module:
# what it installs under /etc and which owners it sets up).
{ dir }:
let
  flake = import (dir + "/flake.nix");
  inputs = import ./flake-inputs.nix;
  lib = import ./lib.nix;
  pkgs = import ./pkgs.nix;
  nixpkgs = inputs.nixpkgs // {
    lib = inputs.nixpkgs.lib // {
      nixosSystem = args: args // { _stub = "nixosSystem"; };
    };
  };
  nix-darwin.lib.darwinSystem = args: args // { _stub = "darwinSystem"; };
  home-manager.darwinModules.home-manager = { _stub = "home-manager"; };
  outputs = flake.outputs {
    self = outputs;
    inherit nixpkgs nix-darwin home-manager;
  };

  root = toString dir;
  rel = p: let s = toString p; n = builtins.stringLength root + 1; in
    if builtins.substring 0 n s == "${root}/" then builtins.substring n (builtins.stringLength s - n) s else s;

  # The devbox options set as NixOS would merge them (the settings module).
  devbox = builtins.foldl' (acc: m: acc // (if builtins.isAttrs m then m.devbox or { } else { })) { };

  describe = cfg: m:
    if builtins.isPath m then { path = rel m; }
    else if builtins.isFunction m then
      let
        applied = m {
          inherit lib pkgs;
          config = {
            devbox = (devbox cfg.modules) // { images = { }; allowUnfree1PasswordCli = true; };
            users.users = { };
            virtualisation.podman.package = pkgs.podman;
          };
        };
        content = applied.config.content;
      in
      {
        module = {
          etc = builtins.attrNames content.environment.etc;
          owners = builtins.attrNames content.users.users;
          systemServices = builtins.attrNames content.systemd.services;
        };
      }
    else if builtins.isAttrs m then { settings = m; }
    else { other = builtins.typeOf m; };
in
{
  inputs = builtins.mapAttrs (_: i: { url = i.url or null; follows = i.inputs.nixpkgs.follows or null; }) flake.inputs;
  outputNames = builtins.attrNames outputs;
  nixos = builtins.mapAttrs (_: c: {
    kind = c._stub;
    inherit (c) system;
    modules = map (describe c) c.modules;
  }) outputs.nixosConfigurations;
  darwin = builtins.mapAttrs (_: c: {
    kind = c._stub;
    modules = map (m: if builtins.isPath m then rel m else if m ? _stub then m._stub else builtins.typeOf m) c.modules;
  }) outputs.darwinConfigurations;
}
