{
  images.base = import ../outside/image.nix;
  containers.coal-dev.owner = "coal";
}
