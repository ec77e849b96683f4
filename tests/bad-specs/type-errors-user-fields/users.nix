{
  users.users.coal = {
    uid = "1001";
    description = [ "Coal" ];
    shell = 5;
    openssh.authorizedKeys.keys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    devbox.containers = {
      enable = true;
      max = "2";
    };
    devbox.opVault = { name = "DevBox"; };
  };
  users.users.ash = {
    uid = 1002;
    openssh.authorizedKeys.keys = [ 42 ];
    devbox.containers.enable = "yes";
  };
}
