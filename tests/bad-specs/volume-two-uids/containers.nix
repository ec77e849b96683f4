# One owner's volume shared by containers whose image users differ in uid.
{ ... }:
{
  images = {
    base.packages = [ "git" ];
    other.user.uid = 2000;
  };
  volumes.cache = { };
  containers = {
    coal-dev = {
      owner = "coal";
      image = "base";
      mounts = [ { target = "/cache"; volume = "cache"; } ];
    };
    coal-ops = {
      owner = "coal";
      image = "other";
      mounts = [ { target = "/cache"; volume = "cache"; } ];
    };
  };
}
