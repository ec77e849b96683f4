{
  hosts.mac.user = "cole";
}
