{
  users.users.coal = {
    uid = 1001;
    description = builtins.readFile ./authkey.txt;
    devbox.containers.enable = true;
  };
}
