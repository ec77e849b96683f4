{ config, ... }:
{
  users.coal = {
    uid = config.users.users.coal.uid;
    containers.enable = true;
  };
}
