{
  hosts."coal_mbp".user = "coal";
}
