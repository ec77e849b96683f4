# Secret variables devbox sets itself, and a name no shell can export.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        ts = {
          reference = "op://Dev/ts/key";
          containers = [ "coal-dev" ];
          env = "TS_AUTHKEY";
        };
        home = {
          reference = "op://Dev/home/value";
          containers = [ "coal-dev" ];
          env = "HOME";
        };
        devbox = {
          reference = "op://Dev/devbox/value";
          containers = [ "coal-dev" ];
          env = "DEVBOX_SHELL";
        };
        digit = {
          reference = "op://Dev/digit/value";
          containers = [ "coal-dev" ];
          env = "1PASSWORD";
        };
      };
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
