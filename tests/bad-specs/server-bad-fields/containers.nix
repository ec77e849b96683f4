{
  images.base = { };
  servers.Build = {
    memory = "64GB";
    cpus = 0;
    gpus = [ "nvidia.com/gpu" "nvidia.com/gpu=0" ];
    disk = "1T";
  };
  containers.coal-dev.owner = "coal";
}
