[ (toString (./. + "/sub/x.nix")) (toString (./a + "b")) (toString (./a + "/../c")) (builtins.typeOf (./a + "b")) ]
