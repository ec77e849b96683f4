# Secrets for a misspelt container, another owner's, and none.
{ ... }:
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
      devbox.secrets = {
        typo = {
          reference = "op://Dev/typo/token";
          containers = [ "coal-dve" ];
        };
        theirs = {
          reference = "op://Dev/theirs/token";
          containers = [ "ash-dev" ];
        };
        nowhere = {
          reference = "op://Dev/nowhere/token";
          containers = [ ];
        };
      };
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
