{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    syncthing = {
      enable = true;
      folder = "sync";
    };
  };
}
