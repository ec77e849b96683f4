{
  images.base.maxLayers = 126;
  containers.coal-dev.owner = "coal";
}
