{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.share = [ { ports = [ 3000 ]; to = [ "ash" ]; } ];
  };
}
