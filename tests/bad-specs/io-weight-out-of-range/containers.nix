{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.ioWeight = 0;
  };
  containers.ash-dev = {
    owner = "ash";
    resources.ioWeight = 10001;
  };
}
