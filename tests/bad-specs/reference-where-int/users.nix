{ config, ... }:
{
  users.users.coal = {
    uid = config.users.users.coal.uid;
    devbox.containers.enable = true;
  };
}
