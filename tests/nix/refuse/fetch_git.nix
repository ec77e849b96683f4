# nix: skip (would use the network)
builtins.fetchGit { url = "https://example.org/x.git"; }
