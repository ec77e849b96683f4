# nix: accepts
builtins.getEnv "HOME"
