args@{ pkgs, ... }@more:
{
  users.users.coal.uid = 1001;
}
