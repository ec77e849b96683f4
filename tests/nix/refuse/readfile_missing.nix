# nix: rejects
builtins.readFile ./no-such-file.txt
