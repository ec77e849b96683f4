# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "olivia-dev" = {
      owner = "olivia";
      image = "base";
    };
    "peggy-dev" = {
      owner = "peggy";
      image = "base";
    };
  };
}
