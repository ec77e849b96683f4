{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.homeSize = "20GB";
  };
  containers.ash-dev = {
    owner = "ash";
    resources.homeSize = "9000000T";
  };
}
