{
  users.coal = {
    uid = 1001;
    description = "Coél";
    containers.enable = true;
  };
}
