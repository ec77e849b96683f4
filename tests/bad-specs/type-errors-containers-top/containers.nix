{
  defaults = [ ];
  images = "base";
  containers = [ "coal-dev" ];
  cleanup = "daily";
}
