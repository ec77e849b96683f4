# Two container owners, each with their own 1Password vault item, for the
# booted end-to-end test (tests/booted.rs).
{ ... }:
{
  users = {
    rowan = {
      uid = 1101;
      description = "Rowan Ash";
      containers.enable = true;
    };
    sage = {
      uid = 1102;
      description = "Sage Green";
      containers = {
        enable = true;
        opVault = "DevBox-Sage";
      };
    };
  };

  containers.opVault = "DevBox";
}
