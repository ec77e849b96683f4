{
  users.users.coal = "coal";
  users.users.ash = {
    uid = 1002;
    devbox.containers = true;
  };
}
