{ users.users.alice = { uid = 2401; devbox.containers.enable = true; }; }
