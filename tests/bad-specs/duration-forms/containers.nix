{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    idle.stopAfter = "1w";
    idle.destroyAfter = "";
  };
  containers.ash-dev = {
    owner = "ash";
    idle.stopAfter = "90s";
  };
  cleanup.randomizedDelay = "soon";
}
