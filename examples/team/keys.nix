{
  coal = builtins.readFile ./keys/coal.pub;
}
