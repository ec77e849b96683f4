{
  users.coal = "coal";
  users.ash = {
    uid = 1002;
    containers = true;
  };
}
