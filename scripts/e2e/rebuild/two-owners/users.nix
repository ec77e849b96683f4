# The booted test's rebuild of tests/specs/two-owners (docs/e2e.md, "Rebuild"):
# sage no longer owns containers (offboarded), rowan keeps theirs.
{ ... }:
{
  users.users = {
    rowan = {
      isNormalUser = true;
      uid = 1101;
      devbox.containers.enable = true;
    };
    sage = {
      isNormalUser = true;
      uid = 1102;
    };
  };
}
