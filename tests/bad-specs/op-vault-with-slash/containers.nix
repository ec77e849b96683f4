{ pkgs, ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev.owner = "coal";
  onePassword.vault = "Dev/Box";
}
