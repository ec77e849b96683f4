{
  images.base = { };
  defaults.env.OP_SERVICE_ACCOUNT_TOKEN = "ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSIsInVzZXJBdXRoIjp7";
  containers.coal-dev.owner = "coal";
  containers.ash-dev.owner = "ash";
}
