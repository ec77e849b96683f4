{
  users.users.coal = {
    uid = 999;
    devbox.containers.enable = true;
  };
}
