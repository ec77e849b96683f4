{
  images.base = { };
  containers.coal-a.owner = "coal";
  containers.coal-b.owner = "coal";
}
