{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.swap = "2GB";
  };
  containers.ash-dev = {
    owner = "ash";
    resources.swap = "lots";
  };
}
