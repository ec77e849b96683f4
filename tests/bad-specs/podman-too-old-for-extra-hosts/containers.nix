# extraHosts is Quadlet's AddHost= (podman 5.3); the default target is 5.0.
{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    extraHosts."db.internal" = "100.64.0.5";
  };
}
