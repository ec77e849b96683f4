# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "bea-dev" = {
      owner = "bea";
      image = "base";
    };
  };
}
