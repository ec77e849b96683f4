# builtins.readDir and builtins.pathExists inside the readable root.
{
  data = builtins.readDir ./data;
  lib = builtins.readDir ./lib;
  exists = builtins.pathExists ./data/hello.txt;
  dir = builtins.pathExists ./data;
  missing = builtins.pathExists ./data/nope.txt;
}
