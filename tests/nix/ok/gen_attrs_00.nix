{
  k1 = true;
  c = 1;
}
