{
  images.base = { };
  images.rust = { };
  containers.coal-dev = {
    owner = "coal";
    image = "python";
  };
}
