{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    hostname = "Dev-Box";
  };
  containers.ash-dev = {
    owner = "ash";
    hostname = "dev-box";
  };
}
