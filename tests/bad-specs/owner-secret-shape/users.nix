# A secret both a variable and a file, a name podman cannot take, one
# mounted over the Tailscale key, and a misspelt field.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        both = {
          reference = "op://Dev/both/token";
          containers = [ "coal-dev" ];
          env = "BOTH";
          file.path = "/home/dev/both";
        };
        "git hub" = {
          reference = "op://Dev/gh/token";
          containers = [ "coal-dev" ];
        };
        ts-authkey = {
          reference = "op://Dev/ts/key";
          containers = [ "coal-dev" ];
        };
        typo = {
          refrence = "op://Dev/typo/token";
          reference = "op://Dev/typo/token";
          containers = [ "coal-dev" ];
        };
      };
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
