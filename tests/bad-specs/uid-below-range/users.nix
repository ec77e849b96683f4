{
  users.users.coal = {
    uid = 999;
    devbox.containers.enable = true;
  };
  users.users.ash = {
    uid = -1;
    devbox.containers.enable = true;
  };
}
