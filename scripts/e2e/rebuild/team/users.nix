# The booted test's rebuild of examples/team (docs/e2e.md, "Rebuild"): ash no
# longer owns containers (offboarded), coal keeps theirs.
{ ... }:
{
  users.users = {
    coal = {
      isNormalUser = true;
      uid = 1001;
      devbox.containers.enable = true;
    };
    ash = {
      isNormalUser = true;
      uid = 1002;
    };
  };
}
