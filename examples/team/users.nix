# People of the team. This file is shared with the NixOS and home-manager
# configs of the flake; devbox-gen reads only the fields it knows and never
# evaluates the others (hashedPasswordFile, packages, extraGroups, …).
{ config, lib, pkgs, ... }:
let
  keys = import ./keys.nix;
  mkPerson = { uid, description, extra ? { } }: {
    inherit uid description;
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = config.sops.secrets."${description}-password".path;
  } // extra;
in
{
  users = {
    coal = mkPerson {
      uid = 1001;
      description = "Coal Miner";
      extra = {
        shell = pkgs.zsh;
        sshKeys = [ keys.coal ];
        packages = with pkgs; [ git ripgrep neovim ];
        containers = {
          enable = true;
          max = 4;
        };
      };
    };

    ash = mkPerson {
      uid = 1002;
      description = "Ash Grey";
      extra = {
        shell = "fish";
        containers.enable = true;
        containers.opVault = "DevBox-Ash";
      };
    };

    # A person without dev containers: devbox-gen does not look further.
    ember = {
      isNormalUser = true;
      uid = config.ids.uids.ember;
    };
  };

  containers.opVault = "DevBox";
}
