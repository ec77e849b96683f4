{
  users.users.coal = {
    uid = 1001;
    enable = false;
    devbox.containers.enable = true;
  };
}
