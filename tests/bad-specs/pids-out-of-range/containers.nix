{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.pids = 0;
  };
  containers.ash-dev = {
    owner = "ash";
    resources.pids = 5000000;
  };
}
