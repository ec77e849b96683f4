{
  images.base = { };
  defaults.autostart = false;
  containers.coal-dev.owner = "coal";
}
