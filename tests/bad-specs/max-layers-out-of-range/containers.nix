{
  images.base.maxLayers = 200;
  containers.coal-dev.owner = "coal";
}
