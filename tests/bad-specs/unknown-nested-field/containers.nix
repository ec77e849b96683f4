{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    owner = "coal";
    resources.memroy = "8G";
  };
}
