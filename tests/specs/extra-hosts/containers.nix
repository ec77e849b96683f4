{
  servers.build.podman = "5.3.1";
  images.base = { };
  containers.gale-dev = {
    owner = "gale";
    tailscale.enable = false;
    extraHosts = {
      "db.internal" = "100.64.0.5";
      "cache.internal" = "fd7a:115c:a1e0::7";
    };
  };
}
