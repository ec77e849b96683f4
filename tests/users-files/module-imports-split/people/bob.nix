{ config, ... }:
{
  sops.secrets.bob.neededForUsers = true;
  users.users.bob = {
    isNormalUser = true;
    uid = 1102;
    hashedPasswordFile = config.sops.secrets.bob.path;
    devbox.containers = { enable = true; max = 2; };
  };
}
