{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.tags = [ "tag:" "tag:dev box" "tag:dev_box" "tag:1dev" ];
  };
}
