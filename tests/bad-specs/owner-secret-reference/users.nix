# Owner secrets whose 1Password references `op read` would refuse.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        no-scheme = {
          reference = "Dev/GitHub/token";
          containers = [ "coal-dev" ];
        };
        two-parts = {
          reference = "op://Dev/GitHub";
          containers = [ "coal-dev" ];
        };
        empty-part = {
          reference = "op://Dev//token";
          containers = [ "coal-dev" ];
        };
        missing = {
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
