{
  users.users.coal = {
    uid = 1001;
    shell = "bsh";
    devbox.containers.enable = true;
  };
}
