# nix: rejects
builtins.fromJSON "{ not json"
