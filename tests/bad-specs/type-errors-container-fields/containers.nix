{
  images.base = { };
  containers.coal-dev = {
    owner = [ "coal" ];
    image = 1;
    server = true;
    hostname = 7;
    ports = "127.0.0.1:8080:80";
    env = "LANG=C";
    autoStart = "yes";
  };
  containers.ash-dev = {
    owner = "ash";
    ports = [ 8080 ];
    env.LANG = true;
  };
}
