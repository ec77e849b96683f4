# Shells picked by a string test on the description.
{ lib, pkgs, ... }:
let
  person = uid: description: {
    inherit uid description;
    isNormalUser = true;
    shell = if lib.hasInfix "fish" description then pkgs.fish else pkgs.zsh;
    devbox.containers.enable = true;
  };
in
{
  users.users.alice = person 2101 "Alice (fish fan)";
  users.users.bob = person 2102 "Bob";
}
