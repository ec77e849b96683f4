# One volume mounted by the containers of two owners; a volume name that is
# not a podman-safe name; a mount of an undefined (misspelt) volume.
{ ... }:
{
  images.base.packages = [ "git" ];
  volumes = {
    cargo = { };
    Big_Cache = { };
  };
  containers = {
    coal-dev = {
      owner = "coal";
      mounts = [ { target = "/home/dev/.cargo"; volume = "cargo"; } ];
    };
    ash-dev = {
      owner = "ash";
      mounts = [
        { target = "/home/dev/.cargo"; volume = "cargo"; }
        { target = "/cache"; volume = "cargoo"; }
      ];
    };
  };
}
