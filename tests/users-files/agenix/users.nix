# agenix: age-encrypted password hashes, decrypted to /run/agenix at activation.
{ config, pkgs, lib, ... }:
{
  age.secrets.carol-password.file = ./secrets/carol-password.age;
  age.secrets.dave-password = {
    file = ./secrets/dave-password.age;
    owner = "dave";
  };

  users.users = {
    carol = {
      isNormalUser = true;
      uid = 1100;
      description = "Carol";
      hashedPasswordFile = config.age.secrets.carol-password.path;
      extraGroups = [ "wheel" ];
      openssh.authorizedKeys.keys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneAgeCarol00 carol@desk"
      ];
      devbox.containers.enable = true;
      devbox.opVault = "Carol-Private";
    };
    dave = {
      isNormalUser = true;
      uid = 1101;
      hashedPasswordFile = config.age.secrets.dave-password.path;
      devbox.containers.enable = true;
    };
  };
}
