# nix: accepts
builtins.readFile ../ok/data/hello.txt
