# Volumes, mounts and devices: a cargo cache both containers of ivy share
# (kept when one is destroyed), a scratch volume removed with the last
# container that mounts it, a read-only host directory, a tmpfs, /dev/fuse.
# ivy-a is destroyed first (2d), ivy-b later (5d): the booted test's storage
# scenario checks which volumes each destroy keeps.
{ ... }:
{
  images.base.packages = [ "coreutils" ];

  volumes = {
    cargo = { };
    scratch.keepOnDestroy = false;
  };

  defaults.tailscale.enable = false;

  containers = {
    ivy-a = {
      owner = "ivy";
      idle.destroyAfter = "2d";
      mounts = [
        { target = "/home/dev/.cargo"; volume = "cargo"; }
        { target = "/scratch"; volume = "scratch"; }
        { target = "/data"; hostPath = "datasets"; readOnly = true; }
        { target = "/tmp/build"; tmpfs = "64M"; }
      ];
      devices = [ "/dev/fuse" ];
    };
    ivy-b = {
      owner = "ivy";
      # Stopped later than ivy-a is destroyed: it stays up meanwhile.
      idle = {
        stopAfter = "3d";
        destroyAfter = "5d";
      };
      mounts = [
        { target = "/home/dev/.cargo"; volume = "cargo"; }
        { target = "/scratch"; volume = "scratch"; }
        { target = "/srv/in"; hostPath = "/var/lib/devbox/ivy/inbox"; }
      ];
    };
  };
}
