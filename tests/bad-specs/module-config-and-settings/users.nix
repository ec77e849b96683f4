{ lib, ... }:
{
  options.site.name = lib.mkOption { type = lib.types.str; };
  config.users.users.coal = { uid = 1001; devbox.containers.enable = true; };
  users.users.ash = { uid = 1002; devbox.containers.enable = true; };
}
