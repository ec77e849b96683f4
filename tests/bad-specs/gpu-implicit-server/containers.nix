# A GPU request in a spec that declares no server: its implicit server offers none.
{ ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    owner = "coal";
    devices = [ "nvidia.com/gpu=all" ];
  };
}
