{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    hostname = "coal_dev";
  };
}
