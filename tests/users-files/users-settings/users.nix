# The settings beside the users: immutable users, groups and a default shell
# for everyone who names none.
{ pkgs, ... }:
{
  users.mutableUsers = false;
  users.defaultUserShell = pkgs.zsh;
  users.groups = {
    devs.gid = 2000;
    media = { };
  };
  users.users = {
    sybil = {
      isNormalUser = true;
      uid = 1900;
      extraGroups = [ "devs" "media" ];
      devbox.containers.enable = true;
    };
    ted = {
      isNormalUser = true;
      uid = 1901;
      shell = pkgs.fish;
      extraGroups = [ "devs" ];
      devbox.containers.enable = true;
    };
  };
}
