{
  users.coal = {
    uid = 1001;
    containers.enable = true;
  };
  containers.opVault = "Dev/Box";
}
