{
  users.users.coal = {
    uid = 1001;
    openssh.authorizedKeys.keys = [ "AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGen coal@mac" ];
    devbox.containers.enable = true;
  };
}
