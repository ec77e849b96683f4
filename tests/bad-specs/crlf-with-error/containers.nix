{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    autoStart = "yes";
  };
}
