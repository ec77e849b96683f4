[ (removeAttrs { a = 1; b = 2; c = 3; } [ "b" "z" ]) (builtins.intersectAttrs { a = 0; c = 0; } { a = 1; b = 2; c = 3; }) ]
