{
  images."base image" = { };
  containers.coal-dev = {
    owner = "coal";
    image = "base image";
  };
}
