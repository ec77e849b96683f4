{ imports = [ ./alice.nix ]; }
