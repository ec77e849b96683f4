{
  users.users.coal = {
    uid = 1001;
    openssh.authorizedKeys.keys = [ (builtins.readFile /etc/ssh/ssh_host_ed25519_key.pub) ];
    devbox.containers.enable = true;
  };
}
