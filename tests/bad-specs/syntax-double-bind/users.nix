args@{ pkgs, ... }@more:
{
  users.coal.uid = 1001;
}
