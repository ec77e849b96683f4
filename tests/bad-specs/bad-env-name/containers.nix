{
  images.base.env."MY-VAR" = "1";
  containers.coal-dev.owner = "coal";
}
