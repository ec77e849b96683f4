# One owner's volume mounted by containers on two servers: two unrelated volumes.
{ ... }:
{
  images.base.packages = [ "git" ];
  servers = {
    north = { };
    south = { };
  };
  volumes.cargo = { };
  containers = {
    coal-north = {
      owner = "coal";
      server = "north";
      mounts = [ { target = "/home/dev/.cargo"; volume = "cargo"; } ];
    };
    coal-south = {
      owner = "coal";
      server = "south";
      mounts = [ { target = "/home/dev/.cargo"; volume = "cargo"; } ];
    };
  };
}
