{
  images.base = { };
  containers.coal-dev.image = "base";
}
