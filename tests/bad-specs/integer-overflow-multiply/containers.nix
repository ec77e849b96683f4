{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.pids = 4294967296 * 4294967296;
  };
}
