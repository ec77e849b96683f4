# Unknown device forms (with guesses), a device path not allowed, and an
# allow-list entry that is no device path.
{ ... }:
{
  images.base.packages = [ "git" ];
  allowedDevices = [ "/dev/kvm" "kvm" ];
  containers.coal-dev = {
    owner = "coal";
    devices = [
      "gpu"
      "nvidia.com/gpu"
      "/dev/fsue"
      "/dev/fuse"
      "/dev/kvm"
      "/dev/sda"
      "/dev/../etc/shadow"
    ];
  };
}
