# The gpu-box server's own configuration: replace with its hardware configuration
# (`nixos-generate-config`), boot loader and network.
{ ... }:
{
  networking.hostName = "gpu-box";
  boot.loader.systemd-boot.enable = true;
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
  services.openssh.enable = true;
  system.stateVersion = "25.11";
}
