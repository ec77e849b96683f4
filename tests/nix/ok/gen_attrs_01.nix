{
  "10" = true;
}
