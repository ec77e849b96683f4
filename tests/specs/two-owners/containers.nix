# Three containers of two owners; one without Tailscale (no auth key, no
# tailscaled), one with Syncthing.
{ pkgs, ... }:
{
  images.base = {
    packages = [ "git" pkgs.jq ];
    env.EDITOR = "vi";
  };

  containers = {
    rowan-main = {
      owner = "rowan";
      image = "base";
      tailscale.tags = [ "tag:devbox" ];
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
    };
  };
}
