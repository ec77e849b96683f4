{
  images.base = { };
  servers.build = { };
  servers.gpu-box = { };
  containers.coal-dev = {
    owner = "coal";
    server = "build";
  };
  containers.ash-dev = {
    owner = "ash";
    server = "gpu-box";
    hostname = "coal-dev";
  };
}
