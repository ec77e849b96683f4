# builtins.match: the whole string must match; groups, null for a group that did not take part.
{
  plain = builtins.match "ab" "ab";
  none = builtins.match "ab" "abc";
  groups = builtins.match "([a-z]+)-([0-9]+)" "coal-1001";
  optional = builtins.match "([a-z]+)(-[0-9]+)?" "coal";
  classes = builtins.match "[[:alpha:]]+([[:digit:]]*)" "alice42";
  key = builtins.match "(ssh-[a-z0-9]+) ([A-Za-z0-9+/=]+)( .*)?" "ssh-ed25519 AAAAC3Nza coal@mac";
  alternation = builtins.match "(a|b)+" "abba";
  dot = builtins.match ".*\\.pub" "coal.pub";
}
