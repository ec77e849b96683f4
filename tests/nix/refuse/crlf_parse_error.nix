# nix: rejects
{
  a = 1;
  b = ;
}
