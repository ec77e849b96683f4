{
  users.coal = {
    uid = 999;
    containers.enable = true;
  };
}
