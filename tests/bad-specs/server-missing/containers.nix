{
  images.base = { };
  servers.build = { };
  servers.gpu-box = { };
  containers.coal-dev.owner = "coal";
  containers.ash-dev = {
    owner = "ash";
    server = "gpu-box";
  };
}
