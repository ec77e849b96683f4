# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "alice-dev" = {
      owner = "alice";
      image = "base";
    };
  };
}
