{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.homeSize = "63M";
  };
  containers.ash-dev = {
    owner = "ash";
    resources.homeSize = "0";
  };
}
