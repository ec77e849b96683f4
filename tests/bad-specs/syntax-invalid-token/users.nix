{
  users.users.coal = {
    uid = 1001 $ 1;
    devbox.containers.enable = true;
  };
}
