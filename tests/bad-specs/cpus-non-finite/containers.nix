{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.cpus = 1.0e308 * 10.0;
  };
}
