{
  images.base.packages = [ "git" ];
  containers.coal-dev.owner = "cole";
}
