# A login with a dot: valid for NixOS; not an owner, so devbox-gen only names it.
{ ... }:
{
  users.users."sunny.sehwag" = {
    isNormalUser = true;
    uid = 2200;
    description = "Sunny Sehwag";
  };
  users.users.victor = {
    isNormalUser = true;
    uid = 2201;
    devbox.containers.enable = true;
  };
}
