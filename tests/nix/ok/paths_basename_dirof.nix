[ (baseNameOf ./foo/bar.nix) (toString (dirOf ./foo/bar.nix)) (builtins.typeOf (dirOf ./foo)) (baseNameOf "/a/b/") (baseNameOf "x") (dirOf "/a/b") (dirOf "a") (dirOf "/a") (baseNameOf "") ]
