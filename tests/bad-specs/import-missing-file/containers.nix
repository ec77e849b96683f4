let
  shared = import ./shared.nix;
in
{
  images.base = shared.image;
  containers.coal-dev.owner = "coal";
}
