# Limits a shared box needs: an IO weight (the host module delegates the io
# controller to the owners' user managers), a swap limit, and a container that
# sets neither (no IOWeight=, no MemorySwapMax=).
{
  users.users.gale = {
    uid = 1004;
    devbox.containers.enable = true;
  };
}
