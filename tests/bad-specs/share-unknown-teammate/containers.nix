{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.tags = [ "tag:coal-dev" ];
    tailscale.share = [ { ports = [ 3000 ]; to = [ "ahs" ]; } ];
  };
}
