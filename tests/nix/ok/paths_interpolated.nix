let n = "file"; in [ (toString ./${n}.nix) (toString ./dir/${n}) ]
