{ lib, ... }:
{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    resources.memory = throw "set the memory for coal-dev";
  };
}
