{ pkgs, ... }:
{
  images.base.packages = [ "git" ];
  containers.coal-dev = {
    owner = "coal";
    env.EDITOR = "vi";
  };
}
