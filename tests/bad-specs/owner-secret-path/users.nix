# Secret files outside the image user's home and /run/secrets, over the
# Tailscale key, with a bad mode or owner.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        etc = {
          reference = "op://Dev/etc/file";
          containers = [ "coal-dev" ];
          file.path = "/etc/profile.d/token.sh";
        };
        relative = {
          reference = "op://Dev/relative/file";
          containers = [ "coal-dev" ];
          file.path = ".token";
        };
        climbing = {
          reference = "op://Dev/climbing/file";
          containers = [ "coal-dev" ];
          file.path = "/home/dev/../../etc/shadow";
        };
        tailscale = {
          reference = "op://Dev/tailscale/file";
          containers = [ "coal-dev" ];
          file.path = "/run/secrets/ts-authkey";
        };
        comma = {
          reference = "op://Dev/comma/file";
          containers = [ "coal-dev" ];
          file.path = "/home/dev/a,mode=0777";
        };
        bad-mode = {
          reference = "op://Dev/mode/file";
          containers = [ "coal-dev" ];
          file = {
            path = "/run/secrets/mode";
            mode = "0999";
            owner = 70000;
          };
        };
        no-path = {
          reference = "op://Dev/nopath/file";
          containers = [ "coal-dev" ];
          file.mode = "0400";
        };
      };
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
