# alice's Mac: nix-darwin + home-manager, with SSH entries for her containers.
{ pkgs, ... }:
{
  hosts.alice-mbp = {
    user = "alice";
    system = "aarch64-darwin";
    stateVersion = 6;
    packages = [ "git" pkgs.jq ];
  };
}
