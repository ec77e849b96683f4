let
  uid = 42;
in
assert uid >= 1000;
{
  users.users.coal = {
    inherit uid;
    devbox.containers.enable = true;
  };
}
