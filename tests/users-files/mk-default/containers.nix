# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "zoe-dev" = {
      owner = "zoe";
      image = "base";
    };
  };
}
