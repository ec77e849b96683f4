# sops-nix: the password hash is a secret decrypted before users are created.
{ config, pkgs, ... }:
{
  sops.secrets."alice/password".neededForUsers = true;
  sops.secrets.bob-password.neededForUsers = true;

  users.mutableUsers = false;
  users.users.alice = {
    isNormalUser = true;
    uid = 1000;
    description = "Alice Liddell";
    extraGroups = [ "wheel" "networkmanager" ];
    hashedPasswordFile = config.sops.secrets."alice/password".path;
    shell = pkgs.zsh;
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneSopsAlice00 alice@laptop"
    ];
    devbox.containers = {
      enable = true;
      max = 3;
    };
  };
  users.users.bob = {
    isNormalUser = true;
    uid = 1001;
    hashedPasswordFile = config.sops.secrets.bob-password.path;
  };
}
