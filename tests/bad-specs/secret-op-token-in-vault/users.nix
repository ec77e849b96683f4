{
  users.coal = {
    uid = 1001;
    containers.enable = true;
    containers.opVault = "ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSIsInVzZXJBdXRoIjp7";
  };
}
