{
  images.base.maxLayers = 1;
  containers.coal-dev = {
    owner = "coal";
    hostname = "-bad-";
    resources = {
      memory = "lots";
      pids = 0;
    };
    tailscale.tags = [ "tag:UPPER" ];
  };
  containers.Bad_Name.owner = "nobody";
}
