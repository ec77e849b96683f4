{
  images.base = { };
  containers.coal-dev.owner = "Coal";
}
