{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.memory = "4GB";
  };
}
