{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.cpus = 4 / 0;
  };
}
