{ lib, ... }:
{
  imports = [ ./defaults.nix ];
  users.users.coal = {
    uid = 1001;
    devbox.containers.enable = true;
    devbox.containers.max = lib.mkDefault 2;
  };
}
