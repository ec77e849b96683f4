# The server runs podman 5.2; extraHosts is Quadlet's AddHost= (podman 5.3).
{
  images.base = { };
  servers.build.podman = "5.2";
  containers.coal-dev = {
    owner = "coal";
    extraHosts."db.internal" = "100.64.0.5";
  };
}
