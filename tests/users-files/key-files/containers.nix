# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "yolanda-dev" = {
      owner = "yolanda";
      image = "base";
    };
  };
}
