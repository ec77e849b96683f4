# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "rupert-dev" = {
      owner = "rupert";
      image = "base";
    };
  };
}
