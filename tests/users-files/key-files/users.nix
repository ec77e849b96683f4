# SSH keys from files (authorized_keys format) and inline, together.
{ pkgs, ... }:
{
  users.users.yolanda = {
    isNormalUser = true;
    uid = 2400;
    openssh.authorizedKeys = {
      keys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneFileYoli00 yolanda@phone"
      ];
      keyFiles = [
        ./keys/yolanda.pub
        ./keys/yolanda-work.pub
      ];
    };
    devbox.containers.enable = true;
  };
}
