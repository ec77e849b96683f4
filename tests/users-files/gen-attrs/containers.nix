# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "ivan-dev" = {
      owner = "ivan";
      image = "base";
    };
    "judy-dev" = {
      owner = "judy";
      image = "base";
    };
  };
}
