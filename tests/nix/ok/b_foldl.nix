[ (builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 4 ]) (builtins.foldl' (acc: x: acc ++ [ x ]) [ ] [ "a" "b" ]) (builtins.foldl' (a: b: a) "init" [ ]) ]
