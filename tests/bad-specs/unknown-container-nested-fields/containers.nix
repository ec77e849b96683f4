{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.sshh = true;
    syncthing.folders = "/home/dev/sync";
    idle.stopAfer = "1h";
  };
}
