# A shell given as a path in the system profile, not as a package.
{
  users.users.uma = {
    isNormalUser = true;
    uid = 2100;
    shell = "/run/current-system/sw/bin/zsh";
    devbox.containers.enable = true;
  };
}
