# builtins.split: text between matches, each match as the list of its groups.
{
  words = builtins.split " " "a b  c";
  groups = builtins.split "(a)|(b)" "xaybz";
  none = builtins.split "," "abc";
  lines = builtins.filter builtins.isString (builtins.split "\n" "k1\nk2\n");
  edges = builtins.split "x" "xax";
}
