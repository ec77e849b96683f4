{
  users.users.coal = {
    uid = 1001;
    description = "Coal;
    devbox.containers.enable = true;
  };
}
