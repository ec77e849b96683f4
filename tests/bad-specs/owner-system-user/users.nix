{
  users.users.coal = {
    uid = 1001;
    isSystemUser = true;
    group = "coal";
    devbox.containers.enable = true;
  };
}
