# The generated NixOS module applied to stub config/lib/pkgs, as JSON-ready
# data: the module's options and config, plus what its functions do.
# `module`: the module's directory in the tree (`nixos/<server>` with `servers`).
{ tree, uids, opTokenFile ? "/run/secrets/devbox-op-token", module ? "nixos", podmanVersion ? null }:
let
  pkgs = import ./pkgs.nix;
  lib = import ./lib.nix;
  sanitize = import ./sanitize.nix { root = toString tree; };
  # Stand-ins for the built images; the module's default is checked apart.
  images = builtins.mapAttrs (name: _: pkgs.stubDrv "devbox-image-${name}.tar.gz")
    (import (tree + "/images") { inherit pkgs; });
  config = {
    devbox = {
      enable = true;
      allowUnfree1PasswordCli = true;
      inherit opTokenFile images;
      # Declared only by a module with capped homes: its default, as NixOS would.
      homeProjectIdBase = m.options.devbox.homeProjectIdBase.default or null;
    };
    users.users = builtins.mapAttrs (_: uid: { inherit uid; }) uids;
    virtualisation.podman.package =
      if podmanVersion == null then pkgs.podman else pkgs.podman // { version = podmanVersion; };
  };
  m = import (tree + "/${module}") { inherit config lib pkgs; };
  predicate = m.config.content.nixpkgs.config.content.allowUnfreePredicate;
  # The default images, built by eval-image.nix elsewhere: only their names here.
  options = m.options // {
    devbox = m.options.devbox // {
      images = m.options.devbox.images // { default = "<images/ of the tree>"; };
    };
  };
in
{
  module = sanitize (m // { inherit options; });
  imagesDefault = builtins.attrNames m.options.devbox.images.default;
  unfree = map (p: { name = lib.getName p; allowed = predicate p; })
    [ pkgs._1password-cli pkgs.vscode pkgs.zed-editor pkgs.podman ];
}
