# A service account derived from a person's account through `config`, as
# NixOS evaluates it after merging: devbox-gen needs only the person.
{ config, lib, ... }:
{
  users.users.amir = {
    isNormalUser = true;
    uid = 2600;
    description = "Amir";
    devbox.containers.enable = true;
  };
  users.users.amir-backup = {
    isSystemUser = true;
    group = "backup";
    uid = config.users.users.amir.uid + 10000;
    description = "Backups of ${config.users.users.amir.description}";
  };
  users.groups.backup.members = [ config.users.users.amir.name ];
}
