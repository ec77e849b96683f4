{
  users.coal = {
    uid = 1001;
    description = builtins.readFile ./authkey.txt;
    containers.enable = true;
  };
}
