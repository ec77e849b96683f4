# Two container owners, each with their own 1Password vault item, for the
# booted end-to-end test (tests/booted.rs).
{ pkgs, ... }:
{
  users.users = {
    rowan = {
      isNormalUser = true;
      uid = 1101;
      description = "Rowan Ash";
      devbox.containers.enable = true;
    };
    sage = {
      isNormalUser = true;
      uid = 1102;
      description = "Sage Green";
      # Her container has plain SSH (OpenSSH in the container): her key and
      # her shell are what the booted test logs in with.
      shell = pkgs.zsh;
      openssh.authorizedKeys.keyFiles = [ ./keys/sage.pub ];
      devbox.containers.enable = true;
      devbox.opVault = "DevBox-Sage";
    };
  };
}
