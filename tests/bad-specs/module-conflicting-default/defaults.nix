{ lib, ... }: { users.users.coal.devbox.containers.max = lib.mkDefault 3; }
