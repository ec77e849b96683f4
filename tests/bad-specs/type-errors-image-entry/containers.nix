{
  images.base = "nixos";
  containers.coal-dev.owner = "coal";
}
