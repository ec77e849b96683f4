{
  images.base.packages = [ "git"
