{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    ports = [
      "0.0.0.0:8080:80"
      "[::]:8443:443"
      "127.0.0.1:80:80"
      "127.0.0.1:9000-9010:9000-9010"
    ];
  };
  # Same host (both "default"), same address and protocol, overlapping port.
  containers.ash-dev = {
    owner = "ash";
    ports = [
      "127.0.0.1:9005:80"
      "127.0.0.1:9005:80/udp"
      "127.0.0.2:9005:80"
    ];
  };
}
