let
  uid = 42;
in
assert uid >= 1000;
{
  users.coal = {
    inherit uid;
    containers.enable = true;
  };
}
