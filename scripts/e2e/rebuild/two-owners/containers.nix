# tests/specs/two-owners after a change: the image's environment changed
# (rowan-main, whose own unit is unchanged, restarts on its new image),
# rowan-offline removed, rowan-new new, sage offboarded.
{ pkgs, ... }:
{
  images.base = {
    packages = [ "git" pkgs.jq ];
    env.EDITOR = "vim";
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
    rowan-new = {
      owner = "rowan";
      image = "base";
      tailscale.enable = false;
    };
  };
}
