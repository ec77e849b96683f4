# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "mallory-dev" = {
      owner = "mallory";
      image = "base";
    };
  };
}
