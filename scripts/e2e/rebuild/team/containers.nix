# examples/team after a change: coal-rust's environment changed (restarted),
# coal-notes removed (stopped, its unit gone), coal-extra new (started), ash
# offboarded (nothing of theirs runs).
{ pkgs, ... }:
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
        RUST_BACKTRACE = "full";
        GREETING = "hello again";
      };
    };

    coal-extra = {
      owner = "coal";
      image = "python";
      tailscale.enable = false;
    };
  };

  onePassword.vault = "DevBox";
  cleanup.onCalendar = "hourly";
}
