{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.cpus = 300000;
  };
  containers.ash-dev = {
    owner = "ash";
    resources.cpus = 0.001;
  };
}
