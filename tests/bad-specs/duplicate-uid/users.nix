let
  base = 1000;
in
{
  users.users.coal = {
    uid = base + 1;
    devbox.containers.enable = true;
  };
  users.users.ash = {
    uid = 1001;
    devbox.containers.enable = true;
  };
}
