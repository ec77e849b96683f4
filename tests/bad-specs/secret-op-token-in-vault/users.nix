{
  users.users.coal = {
    uid = 1001;
    devbox.containers.enable = true;
    devbox.opVault = "ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSIsInVzZXJBdXRoIjp7";
  };
}
