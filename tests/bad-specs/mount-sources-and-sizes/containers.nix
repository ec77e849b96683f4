# A mount without a source, one with two, a read-only tmpfs, tmpfs sizes that
# are malformed, zero or larger than the container's memory; an unknown field.
{ ... }:
{
  images.base.packages = [ "git" ];
  volumes.cargo = { };
  containers.coal-dev = {
    owner = "coal";
    resources.memory = "2G";
    mounts = [
      { target = "/a"; }
      { target = "/b"; volume = "cargo"; hostPath = "b"; }
      { target = "/c"; tmpfs = "1G"; readOnly = true; }
      { target = "/d"; tmpfs = "64MB"; }
      { target = "/e"; tmpfs = "0M"; }
      { target = "/f"; tmpfs = "4G"; }
      { target = "/g"; tmpfs = "1M"; readonly = true; }
      { volume = "cargo"; }
    ];
  };
}
