{
  users.coal = {
    uid = 1001 $ 1;
    containers.enable = true;
  };
}
