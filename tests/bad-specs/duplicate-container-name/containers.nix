{
  images.base = { };
  containers.coal-dev.owner = "coal";
  containers = {
    coal-dev.owner = "ash";
  };
}
