# Host paths outside the owner's /var/lib/devbox/<owner>.
{ ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    owner = "coal";
    mounts = [
      { target = "/a"; hostPath = "/etc"; }
      { target = "/b"; hostPath = "../ash/data"; }
      { target = "/c"; hostPath = "/var/lib/devbox/ash/data"; }
      { target = "/d"; hostPath = "/var/lib/devbox/coal/../ash"; }
      { target = "/e"; hostPath = "/var/lib/devbox/coalition"; }
      { target = "/f"; hostPath = "datasets/imagenet"; readOnly = true; }
    ];
  };
}
