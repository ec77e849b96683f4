# Two container owners on two servers: rowan has a container on each, sage
# only on `build` (tests/booted.rs installs each server's module in turn).
{ ... }:
{
  users.users = {
    rowan = {
      isNormalUser = true;
      uid = 1101;
      description = "Rowan Ash";
      devbox.containers.enable = true;
    };
    sage = {
      isNormalUser = true;
      uid = 1102;
      description = "Sage Green";
      devbox.containers.enable = true;
    };
  };
}
