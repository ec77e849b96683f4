{
  images.base.packages = [ "git" ];
  containers = {
    coal-dev = {
      owner = "coal";
      tailscale.tags = [ "tag:devbox" "tag:devbox-coal" ];
    };
    ash-dev = {
      owner = "ash";
      tailscale.tags = [ "tag:devbox" "tag:devbox-ash" ];
    };
    # Untagged: reached through `autogroup:self`.
    ash-scratch.owner = "ash";
  };
}
