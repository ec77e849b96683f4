{
  users.users = [ "coal" ];
}
