builtins.fromJSON (builtins.readFile ./data/config.json)
