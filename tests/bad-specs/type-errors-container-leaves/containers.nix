{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale = {
      enable = "yes";
      ssh = 1;
      tags = "tag:dev";
    };
    syncthing = {
      enable = null;
      folder = 42;
    };
    resources = {
      cpus = "2";
      memory = 4;
      pids = 4.5;
    };
    idle = {
      stopAfter = 30;
      destroyAfter = true;
      keepVolume = "no";
    };
  };
  containers.ash-dev = {
    owner = "ash";
    tailscale.tags = [ 1 ];
  };
}
