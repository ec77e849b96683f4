# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "walter-dev" = {
      owner = "walter";
      image = "base";
    };
  };
}
