{ pkgs, ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev.owner = "coal";
  containers.ash-dev.owner = "ash";
}
