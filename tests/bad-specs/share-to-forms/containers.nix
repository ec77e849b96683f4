# Who a port may be shared with: users of users.nix, `group:<name>` and
# `autogroup:member` only.
{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    tailscale.tags = [ "tag:coal-dev" ];
    tailscale.share = [
      {
        ports = [ 3000 ];
        to = [ "*" "autogroup:self" "tag:devbox" "ash@example.com" "group:" "group:de sign" "nobody-like-this" ];
      }
      { ports = [ 3001 ]; to = [ ]; }
    ];
  };
}
