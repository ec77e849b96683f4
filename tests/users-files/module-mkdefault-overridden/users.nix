# A shared module gives defaults; the host's own file overrides them.
{ ... }:
{
  imports = [ ./common.nix ];
  users.users.alice = {
    isNormalUser = true;
    uid = 1401;
    shell = "/run/current-system/sw/bin/zsh";
  };
}
