{ users.users.alice = { isNormalUser = true; uid = 2401; devbox.containers.enable = true; }; }
