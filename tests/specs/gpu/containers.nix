# GPUs through CDI: all of them, or one by index; the NixOS module enables
# the NVIDIA container toolkit because a container asks for one. And a
# device path the spec allows for every container.
{ ... }:
{
  images.cuda.packages = [ "coreutils" ];
  allowedDevices = [ "/dev/kvm" ];
  containers = {
    kai-train = {
      owner = "kai";
      devices = [ "nvidia.com/gpu=all" ];
    };
    kai-infer = {
      owner = "kai";
      devices = [ "nvidia.com/gpu=0" "/dev/kvm" ];
    };
  };
}
