# Limits a shared box needs: an IO weight (the host module delegates the io
# controller to the owners' user managers), a swap limit and a cap on the home's
# size (a bind of a directory under a project quota, set by a root unit), and a
# container that sets none of them (no IOWeight=, no MemorySwapMax=, a plain
# home volume).
{
  users.users.gale = {
    uid = 1004;
    devbox.containers.enable = true;
  };
}
