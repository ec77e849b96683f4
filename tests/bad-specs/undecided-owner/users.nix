{ config, lib, ... }:
{
  users.users.coal = lib.mkIf config.devbox.enable {
    uid = 1001;
    devbox.containers.enable = true;
  };
  users.users.ash = {
    uid = 1002;
    devbox = throw "ash's devbox settings are elsewhere";
  };
}
