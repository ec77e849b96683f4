{
  users.Coal = {
    uid = 1001;
    containers.enable = true;
  };
}
