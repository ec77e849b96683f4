{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale = true;
    syncthing = "on";
    resources = 4;
    idle = null;
  };
}
