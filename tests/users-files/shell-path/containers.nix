# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "uma-dev" = {
      owner = "uma";
      image = "base";
    };
  };
}
