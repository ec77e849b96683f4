{
  hosts.coal-mac = {
    user = "coal";
    defaults.CustomUserPreferences."com.example.sync" = {
      apiToken = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    };
  };
}
