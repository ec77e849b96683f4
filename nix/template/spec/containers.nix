# Two orchestrator servers; each container names the one it runs on. Each
# server gets its own module: generated/nixos/<server>/ (flake.nix).
{ pkgs, ... }:
{
  servers = {
    build = {
      memory = "64G";
      cpus = 16;
    };
    gpu-box = {
      memory = "128G";
      cpus = 32;
      gpus = [ "nvidia.com/gpu=all" ];
    };
  };

  images.dev.packages = [ "git" pkgs.ripgrep ];

  containers = {
    alice-dev = {
      owner = "alice";
      server = "build";
    };
    bob-dev = {
      owner = "bob";
      server = "build";
    };
    alice-train = {
      owner = "alice";
      server = "gpu-box";
      resources = {
        cpus = 16;
        memory = "64G";
      };
    };
  };
}
