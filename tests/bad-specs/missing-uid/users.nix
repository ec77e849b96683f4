{
  users.users.coal.devbox.containers.enable = true;
}
