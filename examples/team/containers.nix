# Dev containers of the team, run rootless on the orchestrator.
{ pkgs, lib, ... }:
let
  common = [ "git" "curl" "jq" pkgs.ripgrep pkgs.fd ];
in
{
  defaults = {
    resources = {
      cpus = 2;
      memory = "4G";
    };
    idle.stopAfter = "12h";
    tailscale.tags = [ "tag:devbox" ];
  };

  images = {
    rust = {
      tag = "2025.11";
      packages = common ++ (with pkgs; [ rustup gcc pkg-config openssl.dev ]);
      editors.zed = true;
      env.CARGO_HOME = "/home/dev/.cargo";
    };
    python = {
      packages = common ++ [ pkgs.python3 pkgs.python3Packages.ipython "uv" ];
      editors.codeServer = true;
      maxLayers = 80;
    };
  };

  containers = {
    coal-rust = {
      owner = "coal";
      image = "rust";
      resources = {
        cpus = 4;
        memory = "8G";
      };
      idle.destroyAfter = "30d";
      env = {
        RUST_BACKTRACE = "1";
        GREETING = "hello from \"coal\" at 100% $HOME";
      };
    };

    coal-notes = {
      owner = "coal";
      image = "python";
      hostname = "coal-notebook";
      syncthing.enable = true;
      ports = [ "127.0.0.1:8888:8888" ];
      resources.cpus = 0.5;
      autoStart = false;
    };

    ash-py = {
      owner = "ash";
      image = "python";
      tailscale = {
        ssh = true;
        tags = [ "tag:devbox" "tag:ash" ];
      };
      idle = {
        stopAfter = "2h";
        keepVolume = false;
        destroyAfter = "14d";
      };
    };
  };

  # The 1Password vault of the Tailscale auth keys (an owner may name their
  # own as users.users.<name>.devbox.opVault).
  onePassword.vault = "DevBox";

  cleanup = {
    # At least as often as the smallest idle.stopAfter (ash-py: 2h).
    onCalendar = "hourly";
    randomizedDelay = "10m";
  };
}
