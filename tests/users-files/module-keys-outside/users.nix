# Keys kept beside the spec in the repository (../team-keys), read through
# keyFiles, lib.fileContents and builtins.readFile.
{ lib, ... }:
{
  users.users.alice = {
    isNormalUser = true;
    uid = 1701;
    devbox.containers.enable = true;
    openssh.authorizedKeys.keys = [ (lib.fileContents ../team-keys/alice.pub) ];
  };
  users.users.bob = {
    isNormalUser = true;
    uid = 1702;
    devbox.containers.enable = true;
    openssh.authorizedKeys.keyFiles = [ ../team-keys/bob.keys ];
  };
}
