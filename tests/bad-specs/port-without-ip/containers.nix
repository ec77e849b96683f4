{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    ports = [ "127.0.0.1:8080:80" "8443:443" ];
  };
}
