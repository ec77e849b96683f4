{
  users.coal = {
    uid = 1001;
    description = "Coal;
    containers.enable = true;
  };
}
