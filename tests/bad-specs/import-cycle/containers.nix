{
  images.base = import ./image.nix;
  containers.coal-dev.owner = "coal";
}
