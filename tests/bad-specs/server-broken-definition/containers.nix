# A server whose definition fails to evaluate is reported once, where it
# fails: the container on it gets no second "not declared" report.
{
  images.base = { };
  servers.build = { };
  servers.gpu-box = 1 + "x";
  containers.coal-dev = {
    owner = "coal";
    server = "gpu-box";
  };
}
