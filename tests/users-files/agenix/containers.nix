# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "carol-dev" = {
      owner = "carol";
      image = "base";
    };
    "dave-dev" = {
      owner = "dave";
      image = "base";
    };
  };
}
