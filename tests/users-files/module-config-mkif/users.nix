# `config = lib.mkIf … { … }` with a condition devbox-gen can decide.
{ lib, ... }:
let
  enableDevbox = true;
in
{
  config = lib.mkIf enableDevbox {
    users.users.alice = {
      isNormalUser = true;
      uid = 1202;
      devbox.containers.enable = true;
    };
  };
}
