# Explicit priorities: the lowest number wins; a namespace's override is pushed
# down to its fields.
{ lib, ... }:
{
  imports = [ ./a.nix ];
  users.users.alice.devbox = lib.mkOverride 90 { containers.max = 3; };
  users.users.alice.description = lib.mkOverride 200 "low";
}
