{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.memory = "0G";
  };
  containers.ash-dev = {
    owner = "ash";
    resources.memory = "-4G";
  };
  containers.ember-dev = {
    owner = "coal";
    resources.memory = "4 G";
  };
}
