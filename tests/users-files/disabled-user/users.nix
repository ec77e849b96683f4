# An account switched off (`enable = false`: NixOS does not create it) keeps
# its devbox settings but owns no containers.
{ pkgs, ... }:
{
  users.users.walter = {
    isNormalUser = true;
    uid = 2300;
    devbox.containers.enable = true;
  };
  users.users.xena = {
    enable = false;
    isNormalUser = true;
    uid = 2301;
    devbox.containers.enable = true;
  };
}
