# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "erin-dev" = {
      owner = "erin";
      image = "base";
    };
  };
}
