# A service account that exists only when its service is on: a condition on
# the rest of the host's config, which devbox-gen does not evaluate.
{ config, lib, pkgs, ... }:
{
  users.users.rupert = {
    isNormalUser = true;
    uid = 1800;
    devbox.containers.enable = true;
  };

  users.users.gitea = lib.mkIf config.services.gitea.enable {
    isSystemUser = true;
    group = "gitea";
    home = "/var/lib/gitea";
  };
  users.groups.gitea = lib.mkIf config.services.gitea.enable { };

  # Known at evaluation: a user that is not there.
  users.users.trent = lib.mkIf false {
    isNormalUser = true;
    devbox.containers.enable = true;
  };
}
