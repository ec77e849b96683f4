# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "victor-dev" = {
      owner = "victor";
      image = "base";
    };
  };
}
