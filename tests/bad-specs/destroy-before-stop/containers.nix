{
  images.base = { };
  defaults.idle.stopAfter = "7d";
  containers.coal-dev = {
    owner = "coal";
    idle.destroyAfter = "1d";
  };
}
