{
  hosts.mac.user = "coal"
}
