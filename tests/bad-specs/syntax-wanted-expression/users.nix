{
  users.users.coal = {
    uid = ;
    devbox.containers.enable = true;
  };
}
