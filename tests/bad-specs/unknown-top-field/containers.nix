{
  images.base.packages = [ "git" ];
  container.coal-dev.owner = "coal";
}
