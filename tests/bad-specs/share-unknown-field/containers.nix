{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.tags = [ "tag:coal-dev" ];
    tailscale.share = [ { port = [ 3000 ]; to = [ "ash" ]; } ];
    tailscale.shares = [ ];
  };
}
