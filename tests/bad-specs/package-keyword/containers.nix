{ pkgs, ... }:
{
  # Nix keywords cannot stand bare after `pkgs.`: each is refused.
  images.base.packages = [
    "git"
    "python3Packages.assert"
    "if"
    "haskellPackages.in.x"
    "or"
  ];
  containers.coal-dev.owner = "coal";
}
