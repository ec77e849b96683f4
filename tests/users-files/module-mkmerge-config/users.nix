# mkMerge at the top of `config`, one part behind a decidable mkIf.
{ lib, ... }:
let
  withKeys = false;
in
{
  config = lib.mkMerge [
    { users.users.alice = { isNormalUser = true; uid = 1302; devbox.containers.enable = true; }; }
    (lib.mkIf withKeys { users.users.alice.openssh.authorizedKeys.keys = [ "not read: mkIf false" ]; })
  ];
}
