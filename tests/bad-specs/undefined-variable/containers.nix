let
  owner = "coal";
in
{
  images.base = { };
  containers.coal-dev.owner = ownr;
}
