{
  images.base.user = { name = "root"; uid = 1000; home = "/etc"; };
  images.other.user = { name = "dev"; uid = 1000; home = "/nix/store/dev"; };
  containers.coal-dev = {
    owner = "coal";
    image = "base";
  };
}
