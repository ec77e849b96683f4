{
  images.base = { };
  servers.build.podman = "v5.4";
  servers.old.podman = "5";
  servers.rc.podman = "5.4.0-rc1";
  servers.good.podman = "5.4.1";
  containers.coal-dev = {
    owner = "coal";
    server = "good";
  };
}
