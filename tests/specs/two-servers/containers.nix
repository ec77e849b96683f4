# Two orchestrator servers from one spec: each gets its own NixOS module with
# only its containers, their owners, images and key units.
{ pkgs, ... }:
{
  servers = {
    build = {
      memory = "32G";
      cpus = 8;
      podman = "5.4";
    };
    gpu-box = {
      memory = "64G";
      cpus = 16;
      podman = "5.4";
      gpus = [ "nvidia.com/gpu=all" ];
    };
  };

  images = {
    base.packages = [ "git" pkgs.jq ];
    tools.packages = [ "git" "curl" ];
  };

  containers = {
    rowan-build = {
      owner = "rowan";
      server = "build";
      image = "base";
    };
    sage-dev = {
      owner = "sage";
      server = "build";
      image = "base";
      tailscale.tags = [ "tag:devbox" ];
    };
    rowan-gpu = {
      owner = "rowan";
      server = "gpu-box";
      image = "tools";
      resources.memory = "16G";
    };
  };
}
