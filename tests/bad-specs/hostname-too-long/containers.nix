{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    hostname = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  };
}
