{
  users.coal = {
    uid = 1001;
    sshKeys = [ "AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGen coal@mac" ];
    containers.enable = true;
  };
}
