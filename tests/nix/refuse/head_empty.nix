# nix: rejects
builtins.head [ ]
