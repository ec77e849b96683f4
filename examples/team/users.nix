# People of the team, as the host's NixOS config defines them: the config
# imports this very file next to the generated module (which declares the
# `devbox` options below). devbox-gen finds the container owners
# (`devbox.containers.enable = true`) and reads only their uid, description,
# shell, SSH keys and `devbox` settings; it never evaluates the other users or
# fields (hashedPasswordFile, packages, extraGroups, …).
{ config, lib, pkgs, ... }:
let
  mkPerson = { uid, description, extra ? { } }: {
    inherit uid description;
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = config.sops.secrets."${description}-password".path;
  } // extra;
in
{
  users.mutableUsers = false;
  users.groups.devs = { };

  users.users = {
    coal = mkPerson {
      uid = 1001;
      description = "Coal Miner";
      extra = {
        shell = pkgs.zsh;
        openssh.authorizedKeys.keyFiles = [ ./keys/coal.pub ];
        packages = with pkgs; [ git ripgrep neovim ];
        devbox.containers = {
          enable = true;
          max = 4;
        };
      };
    };

    ash = mkPerson {
      uid = 1002;
      description = "Ash Grey";
      extra = {
        shell = "/run/current-system/sw/bin/fish";
        devbox.containers.enable = true;
        devbox.opVault = "DevBox-Ash";
      };
    };

    # A person without dev containers: devbox-gen does not look further.
    ember = {
      isNormalUser = true;
      uid = config.ids.uids.ember;
    };
  };
}
