{
  images.base.tag = let x = x; in x;
  containers.coal-dev.owner = "coal";
}
