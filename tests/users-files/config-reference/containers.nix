# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "amir-dev" = {
      owner = "amir";
      image = "base";
    };
  };
}
