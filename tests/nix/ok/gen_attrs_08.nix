{
  c = "s";
  a = true;
}
