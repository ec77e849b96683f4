# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "grace-dev" = {
      owner = "grace";
      image = "base";
    };
    "heidi-dev" = {
      owner = "heidi";
      image = "base";
    };
  };
}
