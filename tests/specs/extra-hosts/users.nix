# extraHosts on a server that runs podman 5.3: AddHost= lines in the unit,
# the units' header and the module's assertion name podman 5.3.
{
  users.users.gale = {
    uid = 1004;
    devbox.containers.enable = true;
  };
}
