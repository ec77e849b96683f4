# Shared ports: 1-65535 or ascending ranges, none of devbox's own services.
{
  images.base.editors.codeServer = true;
  containers.coal-dev = {
    owner = "coal";
    syncthing.enable = true;
    tailscale.tags = [ "tag:coal-dev" ];
    tailscale.share = [
      {
        ports = [ 0 70000 (-1) "9000-8000" "65535-65536" "http" "3000-" "8000-8500" 22 22000 ];
        to = [ "ash" ];
      }
      { ports = [ ]; to = [ "ash" ]; }
      { ports = [ true ]; to = [ "ash" ]; }
    ];
  };
}
