# Optional per-user files: used when present.
{ lib, ... }:
let
  keyFile = user: ../team-keys + "/${user}.pub";
  keysOf = user: lib.optional (builtins.pathExists (keyFile user)) (keyFile user);
in
{
  users.users.alice = { isNormalUser = true; uid = 2001; devbox.containers.enable = true; openssh.authorizedKeys.keyFiles = keysOf "alice"; };
  users.users.carol = { isNormalUser = true; uid = 2002; openssh.authorizedKeys.keyFiles = keysOf "carol"; };
}
