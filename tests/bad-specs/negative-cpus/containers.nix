{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.cpus = -1.5;
  };
}
