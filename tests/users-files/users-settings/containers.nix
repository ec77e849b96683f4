# Minimal: one container per owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers = {
    "sybil-dev" = {
      owner = "sybil";
      image = "base";
    };
    "ted-dev" = {
      owner = "ted";
      image = "base";
    };
  };
}
