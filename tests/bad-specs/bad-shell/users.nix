{
  users.coal = {
    uid = 1001;
    shell = "bsh";
    containers.enable = true;
  };
}
