# List options concatenate across modules (mkBefore/mkAfter only order them).
{ lib, ... }:
{
  imports = [ ./extra-keys.nix ];
  users.users.alice = {
    isNormalUser = true;
    uid = 2301;
    devbox.containers.enable = true;
    openssh.authorizedKeys.keys = lib.mkAfter [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@late" ];
  };
}
