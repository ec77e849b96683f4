{
  images.base = { };
  containers.fern-box = {
    owner = "fern";
    tailscale.enable = false;
    idle.stopAfter = null;
    autoStart = false;
    resources = {
      cpus = 1;
      memory = "512M";
      pids = 256;
    };
  };
}
