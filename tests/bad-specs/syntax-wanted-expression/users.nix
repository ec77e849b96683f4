{
  users.coal = {
    uid = ;
    containers.enable = true;
  };
}
