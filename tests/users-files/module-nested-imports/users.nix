# Imports of imports, a directory import (default.nix) and an inline module.
{ ... }:
{
  imports = [
    ./users
    ({ lib, ... }: { users.users.alice.devbox.containers.max = 2; })
  ];
}
