# Bea's own settings, kept beside her other files.
{ ... }:
{
  users.users.bea = {
    description = "Bea";
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDevboxGenTestKeyNotARealOneImportBea0 bea@laptop"
    ];
    devbox.containers.max = 2;
  };
}
