# home-manager's NixOS module: each person's home next to their account.
{ config, pkgs, ... }:
{
  users.users.quentin = {
    isNormalUser = true;
    uid = 1700;
    description = "Quentin";
    shell = pkgs.zsh;
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneHomeQuent0 quentin@mbp"
    ];
    devbox.containers.enable = true;
  };

  home-manager.useGlobalPkgs = true;
  home-manager.users.quentin = { pkgs, ... }: {
    home.stateVersion = "24.05";
    programs.zsh.enable = true;
    programs.git = {
      enable = true;
      userName = config.users.users.quentin.description;
    };
    home.packages = with pkgs; [ ripgrep fd ];
  };
}
