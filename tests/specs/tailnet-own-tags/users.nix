# Two owners on the tailnet, each with a tag of their own next to a shared one:
# each owner's SSH rule reaches exactly their own containers (no warning).
{
  users.users = {
    coal = {
      uid = 1001;
      devbox.containers.enable = true;
    };
    ash = {
      uid = 1002;
      devbox.containers.enable = true;
    };
  };
}
