{
  images.base = { };
  containers.gale-build = {
    owner = "gale";
    tailscale.enable = false;
    resources = {
      cpus = 2;
      memory = "2G";
      pids = 512;
      ioWeight = 50;
      swap = "0";
    };
  };
  containers.gale-data = {
    owner = "gale";
    tailscale.enable = false;
    resources = {
      memory = "1G";
      swap = "512M";
      homeSize = "64M";
    };
  };
  containers.gale-plain = {
    owner = "gale";
    tailscale.enable = false;
  };
}
