{ pkgs, ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    owner = "coal";
    tailscale.ssh = false;
  };
}
