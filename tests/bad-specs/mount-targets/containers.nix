# Mounts over what the container needs, over the home volume's root, and
# targets podman cannot parse.
{ ... }:
{
  images.base.packages = [ "git" ];
  volumes.cache = { };
  containers.coal-dev = {
    owner = "coal";
    mounts = [
      { target = "/nix/store"; volume = "cache"; }
      { target = "/run/secrets"; tmpfs = "1M"; }
      { target = "/proc"; tmpfs = "1M"; }
      { target = "/run"; tmpfs = "1M"; }
      { target = "/"; tmpfs = "1M"; }
      { target = "/home/dev"; volume = "cache"; }
      { target = "/home"; volume = "cache"; }
      { target = "relative/path"; tmpfs = "1M"; }
      { target = "/data/../etc"; tmpfs = "1M"; }
      { target = "/data:ro"; tmpfs = "1M"; }
      { target = "/home/dev/.cache/"; tmpfs = "1M"; }
    ];
  };
}
