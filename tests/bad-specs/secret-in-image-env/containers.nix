{
  images.base.env = {
    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    GITHUB_TOKEN = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  };
  containers.coal-dev.owner = "coal";
}
