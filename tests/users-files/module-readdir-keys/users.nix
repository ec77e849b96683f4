# Keys from a directory: one `<user>.pub` per person, found with readDir.
{ lib, ... }:
let
  dir = ../team-keys;
  files = builtins.attrNames (lib.filterAttrs (n: t: t == "regular" && lib.hasSuffix ".pub" n) (builtins.readDir dir));
  keysOf = user: map (f: lib.trim (builtins.readFile (dir + "/${f}"))) (builtins.filter (f: f == "${user}.pub") files);
in
{
  users.users.alice = { isNormalUser = true; uid = 1801; devbox.containers.enable = true; openssh.authorizedKeys.keys = keysOf "alice"; };
  users.users.bob = { isNormalUser = true; uid = 1802; devbox.containers.enable = true; openssh.authorizedKeys.keys = keysOf "bob"; };
}
