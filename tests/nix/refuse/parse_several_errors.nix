# nix: rejects
{
  a = ;
  b = 2;
  c = ;
}
