{
  hosts.mac.system = "aarch64-darwin";
}
