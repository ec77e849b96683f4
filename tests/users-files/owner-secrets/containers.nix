# Minimal: one container for the owner named in users.nix.
{
  images.base.packages = [ "git" ];
  containers.erin-dev = {
    owner = "erin";
    image = "base";
  };
}
