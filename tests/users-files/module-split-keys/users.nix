# One file with several keys, split into lines, comments dropped.
{ lib, ... }:
let
  lines = builtins.filter (l: builtins.isString l && l != "" && builtins.match "#.*" l == null)
    (builtins.split "\n" (builtins.readFile ../team-keys/bob.keys));
in
{
  users.users.bob = { isNormalUser = true; uid = 1901; devbox.containers.enable = true; openssh.authorizedKeys.keys = lines; };
}
