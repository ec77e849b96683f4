# A recursive set: one user's fields computed from another's.
{ pkgs, ... }:
{
  users.users = rec {
    grace = {
      isNormalUser = true;
      uid = 1300;
      description = "Grace Hopper";
      shell = pkgs.zsh;
      extraGroups = [ "wheel" "podman" ];
      devbox.containers = {
        enable = true;
        max = 2;
      };
    };
    heidi = {
      isNormalUser = true;
      uid = grace.uid + 1;
      description = "Heidi";
      inherit (grace) shell extraGroups;
      devbox.containers.enable = true;
      devbox.containers.max = grace.devbox.containers.max * 2;
    };
  };
}
