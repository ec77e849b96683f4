{ pkgs, ... }:
{
  users.users.alice = {
    isNormalUser = true;
    uid = 1101;
    shell = pkgs.zsh;
    devbox.containers.enable = true;
  };
}
