{
  users.users.coal = {
    uid = 9223372036854775807 + 1;
    devbox.containers.enable = true;
  };
}
