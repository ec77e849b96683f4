{
  images.base = { };
  containers.coal-dev.owner = "coal";
  cleanup.calendar = "weekly";
}
