{
  users.users.coal = {
    uid = 1001;
    devbox.containers.enable = true;
    devbox.containers.maximum = 3;
    devbox.opVualt = "DevBox";
  };
}
