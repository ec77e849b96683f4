# GPUs through CDI: all of a server's, or one it declares; the NixOS module
# enables the NVIDIA container toolkit because a container asks for one. And
# a device path the spec allows for every container.
{ ... }:
{
  images.cuda.packages = [ "coreutils" ];
  allowedDevices = [ "/dev/kvm" ];
  servers.gpu-box.gpus = [
    "nvidia.com/gpu=0"
    "nvidia.com/gpu=1"
  ];
  containers = {
    kai-train = {
      owner = "kai";
      devices = [ "nvidia.com/gpu=all" ];
    };
    kai-infer = {
      owner = "kai";
      devices = [
        "nvidia.com/gpu=1"
        "/dev/kvm"
      ];
    };
  };
}
