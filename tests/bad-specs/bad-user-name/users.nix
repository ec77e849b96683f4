{
  users.users.Coal = {
    uid = 1001;
    devbox.containers.enable = true;
  };
}
