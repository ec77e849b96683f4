# Two container owners, each with their own 1Password vault item, for the
# booted end-to-end test (tests/booted.rs).
{ ... }:
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
      devbox.containers.enable = true;
      devbox.opVault = "DevBox-Sage";
    };
  };
}
