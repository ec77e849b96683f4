{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    idle.stopAfter = "1 day";
  };
}
