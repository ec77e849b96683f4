{
  images.base = { };
  containers.coal-dev.owner = "coal";
  containers.ash-dev = {
    owner = "ash";
    hostname = "coal-dev";
  };
}
