{ pkgs, ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev.owner = "coal";
  onePassword.vault = 7;
  onePassword.vualt = "DevBox";
}
