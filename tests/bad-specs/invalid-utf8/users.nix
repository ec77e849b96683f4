{
  users.users.coal = {
    uid = 1001;
    description = "Coél";
    devbox.containers.enable = true;
  };
}
