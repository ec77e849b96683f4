# Targets outside 5.0–5.4: 5.5 is newer than the quadlet the tests run, 4.9
# older than the units are written for.
{
  images.base = { };
  servers.new.podman = "5.5";
  servers.old.podman = "4.9.4";
  containers.coal-dev = {
    owner = "coal";
    server = "new";
  };
  containers.ash-dev = {
    owner = "ash";
    server = "old";
  };
}
