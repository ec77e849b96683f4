{
  images.base = { };
  containers."coal dev".owner = "coal";
  containers.Coal.owner = "coal";
}
