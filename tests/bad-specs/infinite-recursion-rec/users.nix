rec {
  users.coal = {
    uid = users.coal.uid + 1;
    containers.enable = true;
  };
}
