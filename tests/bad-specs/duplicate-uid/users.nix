let
  base = 1000;
in
{
  users.coal = {
    uid = base + 1;
    containers.enable = true;
  };
  users.ash = {
    uid = 1001;
    containers.enable = true;
  };
}
