# Three containers of two owners; one without Tailscale (no auth key, no
# tailscaled), one with Syncthing and plain SSH (OpenSSH in the container).
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
