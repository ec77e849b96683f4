# The host's users, one file per person, gathered by imports (a common layout).
{ ... }:
{
  imports = [ ./people/alice.nix ./people/bob.nix ];
  users.mutableUsers = false;
}
