{
  images.base = { };
  defaults.host = "build";
  containers.coal-dev = {
    owner = "coal";
    host = "build";
  };
}
