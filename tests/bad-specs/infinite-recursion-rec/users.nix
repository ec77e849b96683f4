rec {
  users.users.coal = {
    uid = users.users.coal.uid + 1;
    devbox.containers.enable = true;
  };
}
