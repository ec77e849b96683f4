# GPU requests: on the implicit server (no `servers`), on a server without
# `gpus`, and a named GPU its server does not offer.
{ ... }:
{
  images.base.packages = [ "git" ];
  servers = {
    plain = { };
    gpu-box.gpus = [ "nvidia.com/gpu=0" ];
  };
  containers = {
    coal-dev = {
      owner = "coal";
      server = "plain";
      devices = [ "nvidia.com/gpu=all" ];
    };
    coal-train = {
      owner = "coal";
      server = "gpu-box";
      devices = [ "nvidia.com/gpu=1" ];
    };
  };
}
