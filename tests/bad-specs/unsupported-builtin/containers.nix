{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    hostname = "coal-${toString builtins.currentTime}";
  };
}
