{
  host.mac.user = "coal";
}
