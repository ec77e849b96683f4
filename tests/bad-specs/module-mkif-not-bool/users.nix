{ lib, ... }:
{
  users.users.coal = lib.mkIf "yes" { uid = 1001; devbox.containers.enable = true; };
}
