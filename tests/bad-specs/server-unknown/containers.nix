{
  images.base = { };
  servers.build = { };
  servers.gpu-box = { };
  containers.coal-dev = {
    owner = "coal";
    server = "biuld";
  };
  containers.ash-dev = {
    owner = "ash";
    server = "elsewhere";
  };
}
