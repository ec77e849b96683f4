{
  images.base.tag = "latest version";
  containers.coal-dev.owner = "coal";
}
