# Two mounts on one target (one from `defaults` is replaced, not merged:
# both of these are the container's own).
{ ... }:
{
  images.base.packages = [ "git" ];
  volumes.cargo = { };
  containers.coal-dev = {
    owner = "coal";
    mounts = [
      { target = "/home/dev/.cargo"; volume = "cargo"; }
      { target = "/srv/data"; hostPath = "data"; }
      { target = "/home/dev/.cargo"; tmpfs = "1G"; }
    ];
  };
}
