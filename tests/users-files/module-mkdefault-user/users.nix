# A whole entry given with mkDefault loses to a plain definition of the same
# user elsewhere: only the plain one counts (NixOS filters by priority first).
{ lib, ... }:
{
  imports = [ ./site.nix ];
  users.users.alice = lib.mkDefault { uid = 1000; description = "template"; devbox.containers.enable = false; };
}
