{
  users.coal = {
    uid = 1001;
    sshKeys = [ (builtins.readFile ./keys/coal.pub) ];
    containers.enable = true;
  };
}
