{
  images.rust.packages = [ "cargo" ];
  images.python.packages = [ "python3" ];
  containers.coal-dev = {
    owner = "coal";
    image = "rustt";
  };
}
