# The same account for several people, generated with lib.genAttrs; each
# person's public key is a file named after them.
{ lib, pkgs, ... }:
let
  uids = {
    ivan = 1400;
    judy = 1401;
  };
in
{
  users.users = lib.genAttrs [ "ivan" "judy" ] (name: {
    isNormalUser = true;
    uid = uids.${name};
    extraGroups = [ "wheel" ];
    shell = pkgs.bashInteractive;
    openssh.authorizedKeys.keyFiles = [ ./keys/${name}.pub ];
    devbox.containers.enable = true;
  });
}
