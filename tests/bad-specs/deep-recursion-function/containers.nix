let
  count = n: 1 + count (n + 1);
in
{
  images.base.maxLayers = count 0;
  containers.coal-dev.owner = "coal";
}
