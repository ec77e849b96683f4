# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "quentin-dev" = {
      owner = "quentin";
      image = "base";
    };
  };
}
