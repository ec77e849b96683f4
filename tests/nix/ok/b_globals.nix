[ (isNull null) (isNull 1) (baseNameOf "a/b") (map toString [ 1 ]) (removeAttrs { a = 1; } [ "a" ]) ]
