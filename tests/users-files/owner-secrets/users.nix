# Owner secrets from 1Password: by reference only (the values never reach the
# spec), in each delivery, one defined by a second module merged in.
{ lib, ... }:
{
  imports = [
    {
      users.users.erin.devbox.secrets.npm = {
        reference = "op://Erin/npm/credential";
        containers = [ "erin-dev" ];
      };
    }
  ];

  users.users = {
    erin = {
      isNormalUser = true;
      uid = 1200;
      devbox.containers.enable = true;
      devbox.secrets = {
        github = {
          reference = "op://Erin/GitHub/token";
          containers = [ "erin-dev" ];
          env = "GITHUB_TOKEN";
        };
        deploy-key = lib.mkIf true {
          reference = "op://Erin/deploy/keys/private";
          containers = [ "erin-dev" ];
          file = {
            path = "/home/dev/.ssh/deploy";
            mode = "0600";
            owner = 1000;
          };
        };
      };
    };
  };
}
