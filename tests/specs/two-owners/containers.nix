# Three containers of two owners; one without Tailscale (no auth key, no
# tailscaled), one with Syncthing and plain SSH (OpenSSH in the container).
# Idle: rowan-main never idles, the others stop after a day, sage-dev is
# destroyed after three (the booted test's reboot and idle scenarios give
# each a role). rowan-main has an IO weight and a swap limit (the module
# delegates the io controller to the owners' user managers).
{ pkgs, ... }:
{
  images.base = {
    packages = [ "git" pkgs.jq ];
    env.EDITOR = "vi";
    editors = {
      zed = true;
      codeServer = true;
    };
  };

  containers = {
    rowan-main = {
      owner = "rowan";
      image = "base";
      tailscale.tags = [ "tag:devbox" ];
      idle.stopAfter = null;
      resources = {
        ioWeight = 200;
        swap = "256M";
      };
    };
    rowan-offline = {
      owner = "rowan";
      image = "base";
      tailscale.enable = false;
    };
    sage-dev = {
      owner = "sage";
      image = "base";
      hostname = "sage-workbench";
      syncthing.enable = true;
      tailscale.ssh = false;
      idle.destroyAfter = "3d";
    };
  };
}
