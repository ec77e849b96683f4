# Two container owners, each with their own 1Password vault item, for the
# booted end-to-end test (tests/booted.rs); each with secrets from 1Password
# in the three deliveries (a variable, a file, a podman secret), each for one
# container, so the booted test sees each value where declared and nowhere else.
{ pkgs, ... }:
{
  users.users = {
    rowan = {
      isNormalUser = true;
      uid = 1101;
      description = "Rowan Ash";
      devbox.containers.enable = true;
      devbox.secrets = {
        github-token = {
          reference = "op://DevBox/rowan-github/token";
          containers = [ "rowan-main" ];
          env = "GITHUB_TOKEN";
        };
        deploy-key = {
          reference = "op://DevBox/rowan-deploy/private key";
          containers = [ "rowan-offline" ];
          file = {
            path = "/home/dev/.deploy-key";
            mode = "0440";
          };
        };
      };
    };
    sage = {
      isNormalUser = true;
      uid = 1102;
      description = "Sage Green";
      # Her container has plain SSH (OpenSSH in the container): her key and
      # her shell are what the booted test logs in with.
      shell = pkgs.zsh;
      openssh.authorizedKeys.keyFiles = [ ./keys/sage.pub ];
      devbox.containers.enable = true;
      devbox.opVault = "DevBox-Sage";
      devbox.secrets.npm-token = {
        reference = "op://DevBox-Sage/npm/credential";
        containers = [ "sage-dev" ];
      };
    };
  };
}
