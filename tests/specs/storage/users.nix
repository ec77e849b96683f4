# One owner with two containers that share volumes, for the booted test's
# storage scenario (scripts/e2e/guest/storage.sh).
{ ... }:
{
  users.users.ivy = {
    isNormalUser = true;
    uid = 1103;
    devbox.containers.enable = true;
  };
}
