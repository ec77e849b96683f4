{
  users.coal.containers.enable = true;
}
