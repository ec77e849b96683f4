{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.enable = false;
    tailscale.share = [ { ports = [ 3000 ]; to = [ "ash" ]; } ];
  };
}
