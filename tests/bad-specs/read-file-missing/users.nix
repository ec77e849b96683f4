{
  users.users.coal = {
    uid = 1001;
    openssh.authorizedKeys.keys = [ (builtins.readFile ./keys/coal.pub) ];
    devbox.containers.enable = true;
  };
}
