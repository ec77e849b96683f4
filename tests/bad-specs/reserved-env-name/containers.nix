{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    env.DEVBOX_HOSTNAME = "elsewhere";
  };
}
