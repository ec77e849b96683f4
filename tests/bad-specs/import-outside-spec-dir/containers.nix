{
  images.base = import ../shared/image.nix;
  containers.coal-dev.owner = "coal";
}
