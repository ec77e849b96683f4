{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.pids = 99999999999999999999;
  };
}
