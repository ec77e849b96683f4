{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.tags = [ "devbox" ];
  };
}
