{
  users.coal = {
    uid = 999;
    containers.enable = true;
  };
  users.ash = {
    uid = -1;
    containers.enable = true;
  };
}
