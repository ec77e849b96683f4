{ ... }:
{
  users.users.kai = {
    isNormalUser = true;
    uid = 1104;
    devbox.containers.enable = true;
  };
}
