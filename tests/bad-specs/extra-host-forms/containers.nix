{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    extraHosts = {
      "db.internal" = "100.64.0.500";
      "bad name" = "10.0.0.1";
      "-lead.example" = "fd7a:115c:a1e0::5";
    };
  };
}
