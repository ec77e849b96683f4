# Sharing ports over the tailnet. coal-web shares a dev server and a range
# with bob and a group, on its own tag (tag:coal-web: only it carries it, so
# the grant reaches nothing else); coal-db shares a database with ash on the
# owner's tag (tag:coal, carried only by coal's containers: port 5432 of
# coal-web, which carries it too, is open to ash as well); ash-demo shares
# with the whole tailnet, written out as `autogroup:member`. The owners' own
# rules (port 22, Tailscale SSH) are as without sharing.
{
  images.base.packages = [ "git" ];
  containers = {
    coal-web = {
      owner = "coal";
      tailscale.tags = [ "tag:devbox" "tag:coal" "tag:coal-web" ];
      tailscale.share = [
        { ports = [ 3000 "8000-8010" 8005 ]; to = [ "bob" "group:design" ]; }
      ];
    };
    coal-db = {
      owner = "coal";
      tailscale.tags = [ "tag:devbox" "tag:coal" ];
      tailscale.share = [ { ports = [ 5432 ]; to = [ "ash" ]; } ];
    };
    ash-demo = {
      owner = "ash";
      tailscale.tags = [ "tag:devbox" "tag:ash-demo" ];
      tailscale.share = [ { ports = [ 4000 ]; to = [ "autogroup:member" ]; } ];
    };
  };
}
