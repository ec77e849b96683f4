# One container off the tailnet that is never stopped for idleness and does not
# start at boot: no auth-key units, no Tailscale secret, stopAfter 0.
{
  users.users.fern = {
    uid = 1003;
    devbox.containers.enable = true;
  };
}
