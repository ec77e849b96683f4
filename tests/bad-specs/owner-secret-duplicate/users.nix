# Two deliveries to one place: the same variable twice (and over the
# container's own `env`), the same file twice.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        gh = {
          reference = "op://Dev/gh/token";
          containers = [ "coal-dev" ];
          env = "GH_TOKEN";
        };
        gh-again = {
          reference = "op://Dev/gh2/token";
          containers = [ "coal-dev" ];
          env = "GH_TOKEN";
        };
        editor = {
          reference = "op://Dev/editor/value";
          containers = [ "coal-dev" ];
          env = "EDITOR";
        };
        a = {
          reference = "op://Dev/a/file";
          containers = [ "coal-dev" ];
          file.path = "/home/dev/.token";
        };
        b = {
          reference = "op://Dev/b/file";
          containers = [ "coal-dev" ];
          file.path = "/home/dev/.token";
        };
      };
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
