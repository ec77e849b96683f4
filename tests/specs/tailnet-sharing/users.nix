# Teammates: coal and ash own containers; bob owns none but is shared with.
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
    bob = {
      uid = 1003;
      isNormalUser = true;
    };
  };
}
