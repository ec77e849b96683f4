{
  users.coal = {
    uid = "1001";
    description = [ "Coal" ];
    shell = 5;
    sshKeys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    containers = {
      enable = true;
      max = "2";
      opVault = { name = "DevBox"; };
    };
  };
  users.ash = {
    uid = 1002;
    sshKeys = [ 42 ];
    containers.enable = "yes";
  };
}
