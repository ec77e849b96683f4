{ pkgs, ... }:
{
  images.base = { };
  containers.coal-dev.owner = pkgs.coal;
}
