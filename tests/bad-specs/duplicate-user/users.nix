{
  users.coal = {
    uid = 1001;
    containers.enable = true;
  };
  users = {
    coal.uid = 1002;
  };
}
