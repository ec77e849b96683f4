{
  users = [ "coal" ];
  containers.opVault = 7;
}
