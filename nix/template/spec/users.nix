# The team: NixOS users, imported by every server (flake.nix). devbox-gen reads
# `devbox.*` when it renders; each server's module declares those options.
{ ... }:
{
  users.users = {
    alice = {
      isNormalUser = true;
      uid = 1001;
      devbox.containers.enable = true;
    };
    bob = {
      isNormalUser = true;
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
