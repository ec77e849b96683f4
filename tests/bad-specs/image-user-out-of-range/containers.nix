{
  images.base.user = {
    uid = 0;
    home = "/home/../root";
  };
  images.rust.user.uid = 70000;
  containers.coal-dev = {
    owner = "coal";
    image = "base";
  };
}
