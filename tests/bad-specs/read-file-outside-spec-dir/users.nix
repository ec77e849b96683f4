{
  users.coal = {
    uid = 1001;
    sshKeys = [ (builtins.readFile /etc/ssh/ssh_host_ed25519_key.pub) ];
    containers.enable = true;
  };
}
