{
  imports = ./people.nix;
  users.users.coal = { uid = 1001; devbox.containers.enable = true; };
}
