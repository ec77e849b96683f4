{
  users.users = {
    coal = { uid = 1001; devbox.containers.enable = true; };
    ash = { uid = 1001; devbox.containers.enable = true; };
    ember = { uid = 1001; devbox.containers.enable = true; };
  };
}
