{ lib, ... }:
{
  users.users.alice = {
    isNormalUser = true;
    uid = 1601;
    description = "Alice";
    devbox.containers.enable = true;
    devbox.containers.max = lib.mkOverride 95 7;
  };
}
