# `with pkgs;` over a user, so packages and the shell are bare names.
{ pkgs, ... }:
{
  users.users.erin = with pkgs; {
    isNormalUser = true;
    uid = 1200;
    description = "Erin";
    shell = fish;
    packages = [ git ripgrep neovim ];
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneWithErin00 erin@work"
    ];
    devbox.containers.enable = true;
  };
  users.users.frank = {
    isNormalUser = true;
    packages = with pkgs; [ curl jq ];
  };
}
