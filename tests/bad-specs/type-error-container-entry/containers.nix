{
  images.base = { };
  containers.coal-dev = "coal";
}
