{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    ownr = "coal";
  };
}
