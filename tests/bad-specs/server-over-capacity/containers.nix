{
  images.base = { };
  servers.build = {
    memory = "6G";
    cpus = 3;
  };
  defaults.resources = {
    memory = "4G";
    cpus = 2;
  };
  containers.coal-dev.owner = "coal";
  containers.coal-web.owner = "coal";
  # A malformed size is an error of its own and left out of the sum.
  containers.ash-dev = {
    owner = "ash";
    resources.memory = "4GB";
  };
}
